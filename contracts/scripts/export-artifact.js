// npm run export-artifact: compile afresh and write the artifact the Python package ships.
const fs = require("fs");
const path = require("path");
const hre = require("hardhat");
const { SHIPPED, buildArtifact, serialise } = require("./artifact-lib");

async function main() {
  const artifact = await buildArtifact(hre);
  fs.mkdirSync(path.dirname(SHIPPED), { recursive: true });
  fs.writeFileSync(SHIPPED, serialise(artifact));
  console.log(`wrote ${path.relative(process.cwd(), SHIPPED)} (${artifact.compiler.version}, source sha256 ${artifact.sourceHash})`);
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
