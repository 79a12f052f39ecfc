// Shared by the tests and the gas report: deploy a fresh QXCToken and sign EIP-2612 permits.
const { ethers } = require("hardhat");

const DECIMALS = 18n;
const UNIT = 10n ** DECIMALS;
const INITIAL_SUPPLY = 100_000_000n * UNIT; // the wallet's figures (qenex_desktop/core/chain/qxc.py)
const CAP = 1_000_000_000n * UNIT;

async function deployToken({ admin, initialSupply = INITIAL_SUPPLY, cap = CAP } = {}) {
  const [deployer] = await ethers.getSigners();
  const factory = await ethers.getContractFactory("QXCToken", deployer);
  const token = await factory.deploy(admin ?? deployer.address, initialSupply, cap);
  await token.waitForDeployment();
  return token;
}

async function latestTimestamp() {
  return BigInt((await ethers.provider.getBlock("latest")).timestamp);
}

/** Sign a permit with `signer` for `owner` (they differ only in the wrong-signer test). */
async function signPermit(token, signer, { owner, spender, value, nonce, deadline }) {
  const { chainId } = await ethers.provider.getNetwork();
  const domain = {
    name: await token.name(),
    version: "1",
    chainId,
    verifyingContract: await token.getAddress(),
  };
  const types = {
    Permit: [
      { name: "owner", type: "address" },
      { name: "spender", type: "address" },
      { name: "value", type: "uint256" },
      { name: "nonce", type: "uint256" },
      { name: "deadline", type: "uint256" },
    ],
  };
  const message = {
    owner: owner ?? signer.address,
    spender,
    value,
    nonce: nonce ?? (await token.nonces(owner ?? signer.address)),
    deadline,
  };
  const signature = ethers.Signature.from(await signer.signTypedData(domain, types, message));
  return { ...message, v: signature.v, r: signature.r, s: signature.s, domain };
}

module.exports = { DECIMALS, UNIT, INITIAL_SUPPLY, CAP, deployToken, latestTimestamp, signPermit };
