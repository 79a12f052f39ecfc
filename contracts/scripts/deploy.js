// npm run deploy -- --network localhost: deploy QXCToken from the network's first signer.
// QXC_ADMIN (default: the deployer), QXC_INITIAL_SUPPLY and QXC_CAP (whole tokens) choose the
// constructor arguments; the defaults are the ones the wallet uses (qenex_desktop/core/chain/qxc.py).
const hre = require("hardhat");

const DEFAULT_INITIAL_SUPPLY = "100000000"; // 100 million QXC
const DEFAULT_CAP = "1000000000"; // 1 billion QXC

async function main() {
  const { ethers, network } = hre;
  const [deployer] = await ethers.getSigners();
  const admin = process.env.QXC_ADMIN ? ethers.getAddress(process.env.QXC_ADMIN) : deployer.address;
  const initialSupply = ethers.parseUnits(process.env.QXC_INITIAL_SUPPLY || DEFAULT_INITIAL_SUPPLY, 18);
  const cap = ethers.parseUnits(process.env.QXC_CAP || DEFAULT_CAP, 18);
  const factory = await ethers.getContractFactory("QXCToken", deployer);
  const token = await factory.deploy(admin, initialSupply, cap);
  const receipt = await token.deploymentTransaction().wait();
  const result = {
    network: network.name,
    chainId: Number((await ethers.provider.getNetwork()).chainId),
    address: await token.getAddress(),
    admin,
    initialSupply: initialSupply.toString(),
    cap: cap.toString(),
    txHash: receipt.hash,
    block: receipt.blockNumber,
    gasUsed: receipt.gasUsed.toString(),
  };
  console.log(JSON.stringify(result, null, 2));
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
