// npm run gas-report: gas used by QXC's operations, written to gas-report.json and gas-report.md.
// (Receipts from Hardhat's in-process chain; no gas price or network lookup needed.)
const fs = require("fs");
const path = require("path");
const hre = require("hardhat");
const { measureGas } = require("./gas-lib");

async function main() {
  const rows = await measureGas();
  const settings = hre.config.solidity.compilers[0];
  const header = {
    compiler: `solc ${settings.version}`,
    optimizer: settings.settings.optimizer,
    evmVersion: settings.settings.evmVersion,
    hardfork: hre.config.networks.hardhat.hardfork,
  };
  const dir = path.join(__dirname, "..");
  fs.writeFileSync(path.join(dir, "gas-report.json"), JSON.stringify({ ...header, rows }, null, 2) + "\n");
  const lines = [
    "# QXCToken gas report",
    "",
    `gasUsed from transaction receipts on Hardhat's in-process chain (hardfork ${header.hardfork}), ` +
      `${header.compiler}, optimizer ${header.optimizer.enabled ? "on" : "off"} (runs ${header.optimizer.runs}), ` +
      `EVM ${header.evmVersion}. Regenerate with \`npm run gas-report\`.`,
    "",
    "| operation | case | gas used |",
    "|---|---|---:|",
    ...rows.map((r) => `| ${r.operation} | ${r.note} | ${r.gasUsed.toLocaleString("en-US")} |`),
    "",
  ];
  fs.writeFileSync(path.join(dir, "gas-report.md"), lines.join("\n"));
  console.log(JSON.stringify(rows, null, 2));
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
