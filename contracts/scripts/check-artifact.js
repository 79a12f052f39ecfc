// npm run check-artifact: fails when the shipped artifact differs from a fresh compile of the source.
const fs = require("fs");
const hre = require("hardhat");
const { SHIPPED, buildArtifact, serialise } = require("./artifact-lib");

const FIELDS = ["contractName", "abi", "bytecode", "deployedBytecode", "immutableReferences", "compiler", "sourceHash"];

async function main() {
  if (!fs.existsSync(SHIPPED)) {
    throw new Error(`${SHIPPED} is missing: run npm run export-artifact`);
  }
  const shipped = JSON.parse(fs.readFileSync(SHIPPED, "utf8"));
  const fresh = await buildArtifact(hre);
  const differing = FIELDS.filter((key) => JSON.stringify(shipped[key]) !== JSON.stringify(fresh[key]));
  if (differing.length > 0 || fs.readFileSync(SHIPPED, "utf8") !== serialise(fresh)) {
    console.error(`the shipped artifact differs from a fresh compile in: ${differing.join(", ") || "formatting"}`);
    console.error("run `npm run export-artifact` in contracts/ and commit the result");
    process.exitCode = 1;
    return;
  }
  console.log(`the shipped artifact matches a fresh compile (${fresh.compiler.version}, source sha256 ${fresh.sourceHash})`);
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
