// Hardhat 2 project of the QXC token. It compiles offline: Hardhat's compiler download is replaced by
// the solc-js build shipped in the npm package `solc` (pinned to exactly 0.8.20 in package.json).
require("@nomicfoundation/hardhat-ethers");
require("@nomicfoundation/hardhat-chai-matchers");

const { subtask } = require("hardhat/config");
const { TASK_COMPILE_SOLIDITY_GET_SOLC_BUILD } = require("hardhat/builtin-tasks/task-names");

const SOLC_VERSION = "0.8.20";

subtask(TASK_COMPILE_SOLIDITY_GET_SOLC_BUILD, async (args, hre, runSuper) => {
  if (args.solcVersion !== SOLC_VERSION) {
    return runSuper();
  }
  const solc = require("solc");
  if (!solc.version().startsWith(`${SOLC_VERSION}+`)) {
    throw new Error(`npm package solc is ${solc.version()}, expected ${SOLC_VERSION}: run npm ci`);
  }
  return {
    compilerPath: require.resolve("solc/soljson.js"),
    isSolcJs: true,
    version: SOLC_VERSION,
    longVersion: solc.version(),
  };
});

// QXC_BUILD_DIR gives a run its own artifacts/ and cache/ (the Python test run sets it, so
// test runs of several people in one checkout never write the same build files at once).
const BUILD_DIR = process.env.QXC_BUILD_DIR;

/** @type import('hardhat/config').HardhatUserConfig */
module.exports = {
  paths: BUILD_DIR ? { artifacts: `${BUILD_DIR}/artifacts`, cache: `${BUILD_DIR}/cache` } : {},
  solidity: {
    version: SOLC_VERSION,
    settings: {
      optimizer: { enabled: true, runs: 200 },
      evmVersion: "shanghai",
    },
  },
  networks: {
    hardhat: { chainId: 31337 },
    localhost: { url: process.env.QENEX_RPC_URL || "http://127.0.0.1:8545", chainId: 31337 },
  },
  mocha: { timeout: 60000 },
};
