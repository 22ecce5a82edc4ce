#!/usr/bin/env node
// Compiles the paychan contracts with the pinned npm solc through its standard-JSON API.
//
//   node compile.js [outDir]      (default: build)
//
// Writes <outDir>/<Contract>.abi (JSON ABI, one line) and <outDir>/<Contract>.bin (hex creation bytecode)
// for every contract listed in CONTRACTS. Output is deterministic: pinned compiler, pinned evmVersion, no
// metadata hash of local paths beyond the source units below, and sorted keys.
'use strict';

const fs = require('fs');
const path = require('path');
const solc = require('solc');

const EXPECTED_SOLC = '0.8.37';
const EVM_VERSION = 'cancun';

// Source unit name -> contract names to emit.
const CONTRACTS = {
  'DuplexChannel.sol': ['DuplexChannel'],
  'TestUSD.sol': ['TestUSD'],
  'test/ReentrancyAttack.sol': ['ReentrancyAttack'],
  'test/BadPayee.sol': ['BadPayee'],
  'test/NoReceive.sol': ['NoReceive'],
  'test/UsdtLikeToken.sol': ['UsdtLikeToken'],
  'test/TestTokens.sol': ['StandardToken', 'NoReturnToken', 'FalseReturnToken', 'FeeToken', 'ReentrantToken', 'BlockingToken'],
};

function findImport(importPath) {
  // Only resolve packages from node_modules (e.g. @openzeppelin/contracts/...).
  if (!importPath.startsWith('@')) return { error: `import outside node_modules: ${importPath}` };
  const file = path.join(__dirname, 'node_modules', importPath);
  try {
    return { contents: fs.readFileSync(file, 'utf8') };
  } catch (err) {
    return { error: `cannot read ${importPath}: ${err.message}` };
  }
}

// docs/protocol.md section 3 fixes claim's parameter name `paid`, which shadows the view function paid(uint256): the
// shadowing is harmless (the parameter is used, the function is not called inside claim), so that one
// warning (solc code 8760 on claim's `paid`) is not printed.
// Likewise docs/protocol.md section 3a fixes openToken's parameter name `token`, which shadows the view function
// token(uint256) the same harmless way (code 8760 on openToken's `address token,`). OpenZeppelin's
// ReentrancyGuardTransient draws solc's general note on transient storage (code 2394, in TransientSlot.sol): the
// guard clears its slot at the end of every call, the use the note calls safe.
function isAcceptedWarning(e) {
  if (e.severity !== 'warning' || !e.sourceLocation) return false;
  if (e.errorCode === '8760' && e.sourceLocation.file === 'DuplexChannel.sol') {
    return /uint256 paid,/.test(e.formattedMessage) || /address token,/.test(e.formattedMessage);
  }
  return e.errorCode === '2394' && e.sourceLocation.file === '@openzeppelin/contracts/utils/TransientSlot.sol';
}

function main() {
  const version = solc.version();
  if (!version.startsWith(EXPECTED_SOLC + '+')) {
    throw new Error(`solc ${version} is not the pinned ${EXPECTED_SOLC}: run npm ci`);
  }
  const outDir = path.resolve(process.argv[2] || path.join(__dirname, 'build'));
  const sources = {};
  for (const unit of Object.keys(CONTRACTS)) {
    sources[unit] = { content: fs.readFileSync(path.join(__dirname, unit), 'utf8') };
  }
  const input = {
    language: 'Solidity',
    sources,
    settings: {
      evmVersion: EVM_VERSION,
      optimizer: { enabled: true, runs: 1000000 },
      viaIR: false,
      metadata: { bytecodeHash: 'none' },
      outputSelection: { '*': { '*': ['abi', 'evm.bytecode.object'] } },
    },
  };
  const output = JSON.parse(solc.compile(JSON.stringify(input), { import: findImport }));
  const errors = (output.errors || []).filter((e) => e.severity === 'error');
  for (const e of output.errors || []) {
    if (isAcceptedWarning(e)) continue;
    process.stderr.write(e.formattedMessage + '\n');
  }
  if (errors.length > 0) throw new Error(`compilation failed with ${errors.length} error(s)`);

  fs.mkdirSync(outDir, { recursive: true });
  for (const [unit, names] of Object.entries(CONTRACTS)) {
    for (const name of names) {
      const c = output.contracts[unit] && output.contracts[unit][name];
      if (!c) throw new Error(`no output for ${unit}:${name}`);
      fs.writeFileSync(path.join(outDir, `${name}.abi`), JSON.stringify(c.abi) + '\n');
      fs.writeFileSync(path.join(outDir, `${name}.bin`), c.evm.bytecode.object + '\n');
      process.stdout.write(`${name}: ${c.evm.bytecode.object.length / 2} bytes creation code -> ${outDir}\n`);
    }
  }
}

try {
  main();
} catch (err) {
  process.stderr.write(`compile.js: ${err.message}\n`);
  process.exit(1);
}
