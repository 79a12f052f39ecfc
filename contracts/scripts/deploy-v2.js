// npx hardhat run --no-compile scripts/deploy-v2.js --network localhost: deploy Uniswap V2 (WETH9,
// UniswapV2Factory, UniswapV2Router02) from the prebuilt artifacts of the npm packages
// @uniswap/v2-core and @uniswap/v2-periphery (no compiler needed), then, when QXC_ADDRESS names the
// chain's QXC, create the QXC/WETH pool and fund it from the first signer (Hardhat's dev account #0).
//
// V2_POOL_QXC and V2_POOL_ETH (whole tokens, default 1000 and 10) size the pool. Prints one line of
// JSON (the addresses); the app (qenex_desktop/core/chain/v2/local.py) runs this on `qenex node start`.
const hre = require("hardhat");

const WETH9 = require("@uniswap/v2-periphery/build/WETH9.json");
const FACTORY = require("@uniswap/v2-core/build/UniswapV2Factory.json");
const PAIR = require("@uniswap/v2-core/build/UniswapV2Pair.json");
const ROUTER = require("@uniswap/v2-periphery/build/UniswapV2Router02.json");

//: UniswapV2Library.pairFor's init code hash, compiled into the periphery build (mainnet's).
const ROUTER_INIT_CODE_HASH = "96e8ac4277198ff8b6f785478aa9a39f403cb768dd02cbee326c3e7da348845f";
const ERC20_ABI = [
  "function approve(address spender, uint256 amount) returns (bool)",
  "function balanceOf(address owner) view returns (uint256)",
];

function bytecodeOf(artifact) {
  const code = artifact.bytecode || (artifact.evm && artifact.evm.bytecode && artifact.evm.bytecode.object);
  return code.startsWith("0x") ? code : `0x${code}`;
}

async function deploy(ethers, deployer, artifact, args = []) {
  const factory = new ethers.ContractFactory(artifact.abi, bytecodeOf(artifact), deployer);
  const contract = await factory.deploy(...args);
  await contract.deploymentTransaction().wait();
  return contract;
}

function checkInitCodeHash(ethers) {
  const hash = ethers.keccak256(bytecodeOf(PAIR)).slice(2);
  if (hash !== ROUTER_INIT_CODE_HASH || !bytecodeOf(ROUTER).includes(hash)) {
    throw new Error(`the pair's init code hash ${hash} is not the one the router's pairFor uses`);
  }
  return `0x${hash}`;
}

async function fundPool(ethers, deployer, router, factory, wethAddress, qxcAddress, qxcAmount, ethAmount) {
  const qxc = new ethers.Contract(qxcAddress, ERC20_ABI, deployer);
  if ((await qxc.balanceOf(deployer.address)) < qxcAmount) {
    throw new Error(`${deployer.address} holds less than ${qxcAmount} base units of QXC to fund the pool`);
  }
  await (await qxc.approve(await router.getAddress(), qxcAmount)).wait();
  const block = await ethers.provider.getBlock("latest");
  const tx = await router.addLiquidityETH(qxcAddress, qxcAmount, 0, 0, deployer.address, block.timestamp + 3600, {
    value: ethAmount,
  });
  await tx.wait();
  return {
    pair: await factory.getPair(qxcAddress, wethAddress),
    qxcAmount: qxcAmount.toString(),
    ethAmount: ethAmount.toString(),
  };
}

/** Deploy WETH9, the factory and Router02 from `deployer`; with `qxcAddress`, a funded QXC/WETH pool. */
async function deployV2(ethers, deployer, { qxcAddress = null, qxcAmount, ethAmount } = {}) {
  const initCodeHash = checkInitCodeHash(ethers);
  const weth = await deploy(ethers, deployer, WETH9);
  const factory = await deploy(ethers, deployer, FACTORY, [deployer.address]);
  const wethAddress = await weth.getAddress();
  const router = await deploy(ethers, deployer, ROUTER, [await factory.getAddress(), wethAddress]);
  const pool = qxcAddress
    ? await fundPool(ethers, deployer, router, factory, wethAddress, qxcAddress, qxcAmount, ethAmount)
    : null;
  return { weth, factory, router, initCodeHash, pool };
}

async function main() {
  const { ethers, network } = hre;
  const [deployer] = await ethers.getSigners();
  const qxcAddress = process.env.QXC_ADDRESS ? ethers.getAddress(process.env.QXC_ADDRESS) : null;
  const { weth, factory, router, initCodeHash, pool } = await deployV2(ethers, deployer, {
    qxcAddress,
    qxcAmount: ethers.parseUnits(process.env.V2_POOL_QXC || "1000", 18),
    ethAmount: ethers.parseUnits(process.env.V2_POOL_ETH || "10", 18),
  });
  const result = {
    network: network.name,
    chainId: Number((await ethers.provider.getNetwork()).chainId),
    deployer: deployer.address,
    weth: await weth.getAddress(),
    factory: await factory.getAddress(),
    router: await router.getAddress(),
    initCodeHash,
    qxc: qxcAddress,
    pool,
    block: await ethers.provider.getBlockNumber(),
  };
  console.log(JSON.stringify(result));
}

module.exports = { deployV2, ROUTER_INIT_CODE_HASH };

if (require.main === module) {
  main().catch((error) => {
    console.error(error);
    process.exitCode = 1;
  });
}
