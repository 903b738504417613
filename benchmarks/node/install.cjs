// Installs the Node.js baseline's pinned SDK for the benchmark with `npm ci`, unless node_modules already holds
// exactly what package-lock.json pins (npm writes node_modules/.package-lock.json on install).
// Skipping the reinstall keeps repeated benchmark runs fast. (.cjs: this package is an ES module package.)
const fs = require('fs')
const path = require('path')
const { execFileSync } = require('child_process')

const lock = JSON.parse(fs.readFileSync(path.join(__dirname, 'package-lock.json'), 'utf8'))
const installedPath = path.join(__dirname, 'node_modules', '.package-lock.json')
const pinned = (packages) => JSON.stringify(Object.entries(packages || {})
  .filter(([name]) => name !== '')
  .map(([name, p]) => [name, p.version, p.integrity])
  .sort())

let upToDate = false
if (fs.existsSync(installedPath)) {
  const installed = JSON.parse(fs.readFileSync(installedPath, 'utf8'))
  upToDate = pinned(installed.packages) === pinned(lock.packages)
}
if (!upToDate) {
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm'
  execFileSync(npm, ['ci', '--no-audit', '--no-fund', '--loglevel=error'], { cwd: __dirname, stdio: 'inherit' })
}
