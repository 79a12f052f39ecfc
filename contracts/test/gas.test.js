// Gas of the everyday operations stays in the range of a plain OpenZeppelin ERC-20: a transfer fee,
// an extra storage write or a hook gone wrong would show here. Figures: npm run gas-report.
const { expect } = require("chai");
const { measureGas } = require("../scripts/gas-lib");

// Upper bounds with some headroom over the measured figures (README, "QXC token contract").
const BOUNDS = { transfer: 60_000, approve: 50_000, transferFrom: 65_000, mint: 60_000, permit: 90_000 };

describe("QXCToken gas", function () {
  it("transfer, approve, transferFrom, mint and permit stay under their bounds", async function () {
    const rows = await measureGas();
    for (const [operation, bound] of Object.entries(BOUNDS)) {
      const measured = rows.filter((r) => r.operation === operation);
      expect(measured, operation).to.not.be.empty;
      for (const row of measured) {
        expect(row.gasUsed, `${operation} (${row.note})`).to.be.above(21_000).and.below(bound);
      }
    }
  });
});
