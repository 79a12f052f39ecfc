// Measures the gas each QXC operation uses (gasUsed of real receipts on Hardhat's in-process chain).
// Used by test/gas.test.js (bounds) and scripts/gas-report.js (writes gas-report.json and .md).
const { ethers } = require("hardhat");
const { UNIT, deployToken, latestTimestamp, signPermit } = require("../test/helpers");

async function used(txPromise) {
  const receipt = await (await txPromise).wait();
  return Number(receipt.gasUsed);
}

async function measureGas() {
  const [admin, alice, bob, carol] = await ethers.getSigners();
  const token = await deployToken({ admin: admin.address });
  const deployReceipt = await token.deploymentTransaction().wait();
  const rows = [];
  const add = (operation, note, gasUsed) => rows.push({ operation, note, gasUsed });

  add("deploy", "constructor(admin, 100M QXC, cap 1B QXC)", Number(deployReceipt.gasUsed));
  add("transfer", "to an address with no balance yet", await used(token.transfer(alice.address, 1000n * UNIT)));
  add("transfer", "to an address that holds QXC", await used(token.transfer(alice.address, 1000n * UNIT)));
  add("approve", "new allowance", await used(token.connect(alice).approve(bob.address, 500n * UNIT)));
  add("transferFrom", "spends part of an allowance, to a new holder",
    await used(token.connect(bob).transferFrom(alice.address, carol.address, 100n * UNIT)));
  add("mint", "MINTER_ROLE, to an existing holder", await used(token.mint(alice.address, 10n * UNIT)));
  const deadline = (await latestTimestamp()) + 3600n;
  const permit = await signPermit(token, alice, { spender: carol.address, value: 50n * UNIT, deadline });
  add("permit", "EIP-2612, first permit of the owner",
    await used(token.permit(permit.owner, permit.spender, permit.value, permit.deadline, permit.v, permit.r, permit.s)));
  add("burn", "part of the caller's balance", await used(token.connect(alice).burn(1n * UNIT)));
  add("pause", "PAUSER_ROLE", await used(token.pause()));
  add("unpause", "PAUSER_ROLE", await used(token.unpause()));
  return rows;
}

module.exports = { measureGas };
