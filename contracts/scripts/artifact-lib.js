// Builds the artifact the Python package ships (qenex_desktop/core/chain/artifacts/QXCToken.json)
// from Hardhat's compile output: ABI, bytecode, compiler version and settings, sha256 of the source.
// Shared by export-artifact.js (writes it) and check-artifact.js (compares a fresh build with it).
const crypto = require("crypto");
const fs = require("fs");
const path = require("path");

const CONTRACT = "QXCToken";
const SOURCE = path.join(__dirname, "..", "contracts", `${CONTRACT}.sol`);
// QXC_ARTIFACT_PATH points the scripts at another copy (the Python tests check a tampered one).
const SHIPPED =
  process.env.QXC_ARTIFACT_PATH ||
  path.join(__dirname, "..", "..", "qenex_desktop", "core", "chain", "artifacts", `${CONTRACT}.json`);

function sha256(text) {
  return crypto.createHash("sha256").update(text).digest("hex");
}

async function buildArtifact(hre) {
  // force: a build from the source as it is now, never a cached one
  await hre.run("compile", { force: true, quiet: true });
  const fqn = `contracts/${CONTRACT}.sol:${CONTRACT}`;
  const artifact = await hre.artifacts.readArtifact(fqn);
  const buildInfo = await hre.artifacts.getBuildInfo(fqn);
  if (!buildInfo) {
    throw new Error(`no build info for ${fqn}`);
  }
  const { optimizer, evmVersion } = buildInfo.input.settings;
  // Where the runtime code holds immutables (cap, EIP-712 domain cache): the only bytes in which
  // a deployed QXCToken's code differs from deployedBytecode. {astId: [{start, length}]}, in bytes.
  const compiled = buildInfo.output.contracts[artifact.sourceName][artifact.contractName];
  const immutableReferences = compiled.evm.deployedBytecode.immutableReferences || {};
  return {
    contractName: artifact.contractName,
    abi: artifact.abi,
    bytecode: artifact.bytecode,
    deployedBytecode: artifact.deployedBytecode,
    immutableReferences,
    compiler: {
      name: "solc",
      version: buildInfo.solcLongVersion,
      settings: { optimizer, evmVersion: evmVersion || null },
    },
    sourceHash: sha256(fs.readFileSync(SOURCE)),
  };
}

function serialise(artifact) {
  return JSON.stringify(artifact, null, 2) + "\n";
}

module.exports = { CONTRACT, SOURCE, SHIPPED, buildArtifact, serialise, sha256 };
