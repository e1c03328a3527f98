/**
 * Quarry's public API report: every name each package entry point
 * (`package.json` `exports`) gives users, with its kind and shape
 * (function signatures, the type of constants, the members of interfaces and
 * classes), written to `docs/api-report.md`. `test/api-report.test.ts`
 * regenerates it and fails when the checked-in copy differs, so a change to
 * the public surface is a visible diff in review.
 *
 *   node --import tsx scripts/api-report.ts          # rewrite docs/api-report.md
 *   node --import tsx scripts/api-report.ts --check  # exit 1 when it is out of date
 *
 * (`npm run api:report` runs the first.)
 */
import { readFileSync, writeFileSync } from 'node:fs'
import { join, relative } from 'node:path'
import { pathToFileURL } from 'node:url'
import ts from 'typescript'

/** The checked-in report, relative to the package root */
export const API_REPORT_FILE = 'docs/api-report.md'
/** The most names one public entry may export (issue 26) */
export const MAX_ENTRY_NAMES = 50

/** One public entry point: its subpath (`quarry/session`), source file and exported names */
export interface ApiEntry {
  subpath: string
  source: string
  names: ApiName[]
}

/** One exported name and how the report prints it */
export interface ApiName {
  name: string
  kind: string
  shape: string
}

const PRINTER = ts.createPrinter({ removeComments: true })
const FORMAT = ts.TypeFormatFlags.UseAliasDefinedOutsideCurrentScope | ts.TypeFormatFlags.WriteArrowStyleSignature | ts.TypeFormatFlags.NoTruncation

/** The package's public entries: each `exports` subpath and the source file its `import` condition is built from */
export function publicEntries (root: string): Array<{ subpath: string, source: string }> {
  const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { name: string, exports: Record<string, { import: string }> }
  return Object.entries(pkg.exports).map(([key, target]) => ({
    subpath: key === '.' ? pkg.name : `${pkg.name}/${key.replace(/^\.\//, '')}`,
    source: target.import.replace(/^\.\/dist\//, '').replace(/\.js$/, '.ts')
  }))
}

/** The public API: its entries, and the project types their names refer to that no entry exports */
export interface ApiReport {
  entries: ApiEntry[]
  /** `Name (file)` of each type a public declaration mentions that users cannot import by name (api-extractor's "forgotten exports") */
  unexported: string[]
}

/** Read every public entry with the project's compiler options */
export function readApi (root: string): ApiEntry[] {
  return readApiReport(root).entries
}

/** {@link readApi}, plus the project types public declarations refer to without exporting them */
export function readApiReport (root: string): ApiReport {
  const entries = publicEntries(root)
  const config = ts.readConfigFile(join(root, 'tsconfig.json'), ts.sys.readFile.bind(ts.sys))
  const { options } = ts.parseJsonConfigFileContent(config.config, ts.sys, root)
  const program = ts.createProgram(entries.map(e => join(root, e.source)), { ...options, noEmit: true })
  const checker = program.getTypeChecker()
  const exported = new Set<ts.Symbol>()
  const declarations: ts.Declaration[] = []
  const result = entries.map(entry => {
    const file = program.getSourceFile(join(root, entry.source))
    const module = file == null ? undefined : checker.getSymbolAtLocation(file)
    if (module == null) throw new Error(`${entry.source}: not found or not a module`)
    const symbols = checker.getExportsOfModule(module)
    for (const s of symbols) {
      const target = (s.flags & ts.SymbolFlags.Alias) !== 0 ? checker.getAliasedSymbol(s) : s
      exported.add(target)
      declarations.push(...(target.declarations ?? []))
    }
    const names = symbols.map(symbol => describe(checker, symbol)).sort((a, b) => a.name.localeCompare(b.name))
    return { ...entry, names }
  })
  return { entries: result, unexported: unexportedTypes(checker, declarations, exported, root) }
}

/** Project types named in `declarations` (their signatures and members) that are not among `exported` */
function unexportedTypes (checker: ts.TypeChecker, declarations: ts.Declaration[], exported: Set<ts.Symbol>, root: string): string[] {
  const found = new Set<string>()
  const visit = (node: ts.Node): void => {
    if (ts.isTypeReferenceNode(node) || ts.isExpressionWithTypeArguments(node)) {
      const at = ts.isTypeReferenceNode(node) ? node.typeName : node.expression
      let symbol = checker.getSymbolAtLocation(at)
      if (symbol != null && (symbol.flags & ts.SymbolFlags.Alias) !== 0) symbol = checker.getAliasedSymbol(symbol)
      const file = symbol?.declarations?.[0]?.getSourceFile().fileName
      if (symbol != null && file != null && !file.includes('/node_modules/') && file.startsWith(root) && !exported.has(symbol) &&
        (symbol.flags & (ts.SymbolFlags.Type | ts.SymbolFlags.Class)) !== 0 && (symbol.flags & ts.SymbolFlags.TypeParameter) === 0) {
        found.add(`${symbol.getName()} (${relative(root, file)})`)
      }
    }
    // a function's body is not its API
    if (ts.isBlock(node)) return
    ts.forEachChild(node, visit)
  }
  for (const d of declarations) visit(d)
  return [...found].sort()
}

/** Kind and shape of one exported symbol */
function describe (checker: ts.TypeChecker, exported: ts.Symbol): ApiName {
  const symbol = (exported.flags & ts.SymbolFlags.Alias) !== 0 ? checker.getAliasedSymbol(exported) : exported
  const name = exported.getName()
  const declaration = symbol.declarations?.[0]
  const flags = symbol.flags
  if ((flags & ts.SymbolFlags.Class) !== 0) return { name, kind: 'class', shape: members(checker, symbol, true) }
  if ((flags & ts.SymbolFlags.Function) !== 0) {
    const type = checker.getTypeOfSymbol(symbol)
    return { name, kind: 'function', shape: type.getCallSignatures().map(s => checker.signatureToString(s, undefined, FORMAT)).join(' | ') }
  }
  if ((flags & ts.SymbolFlags.Interface) !== 0) return { name, kind: 'interface', shape: members(checker, symbol, false) }
  if ((flags & ts.SymbolFlags.TypeAlias) !== 0) {
    const node = declaration != null && ts.isTypeAliasDeclaration(declaration) ? declaration.type : undefined
    const text = node != null ? PRINTER.printNode(ts.EmitHint.Unspecified, node, node.getSourceFile()) : checker.typeToString(checker.getDeclaredTypeOfSymbol(symbol), undefined, FORMAT)
    return { name, kind: 'type', shape: oneLine(text) }
  }
  if ((flags & ts.SymbolFlags.Variable) !== 0) return { name, kind: 'const', shape: constShape(checker, checker.getTypeOfSymbol(symbol)) }
  return { name, kind: ts.SymbolFlags[flags] ?? String(flags), shape: '' }
}

/** A constant's type; an object's keys only (its values are data, not API) */
function constShape (checker: ts.TypeChecker, type: ts.Type): string {
  if (type.getCallSignatures().length > 0 || (type.flags & ts.TypeFlags.Object) === 0 || checker.isArrayType(type) || checker.isTupleType(type)) {
    return checker.typeToString(type, undefined, FORMAT)
  }
  return `{ ${checker.getPropertiesOfType(type).map(p => p.getName()).join('; ')} }`
}

/**
 * The public members of an interface or class, `name` or `name?`, sorted.
 * A class shows its base class, constructors and the members it declares
 * itself (an error class: its `name` and `code`), not what it inherits.
 */
function members (checker: ts.TypeChecker, symbol: ts.Symbol, isClass: boolean): string {
  const type = isClass ? checker.getTypeOfSymbol(symbol) : checker.getDeclaredTypeOfSymbol(symbol)
  const instance = isClass ? checker.getDeclaredTypeOfSymbol(symbol) : type
  const own = (p: ts.Symbol): boolean => !isClass || (p.declarations ?? []).some(d => d.parent === symbol.declarations?.[0])
  const names = checker.getPropertiesOfType(instance)
    .filter(p => !isPrivate(p) && own(p))
    .map(p => `${p.getName()}${(p.flags & ts.SymbolFlags.Optional) !== 0 ? '?' : ''}`)
  if (!isClass) return `{ ${names.sort().join('; ')} }`
  const statics = checker.getPropertiesOfType(type).filter(p => p.getName() !== 'prototype' && !isPrivate(p) && own(p)).map(p => `static ${p.getName()}`)
  const declaration = symbol.declarations?.[0]
  const ownConstructor = declaration != null && ts.isClassDeclaration(declaration) && declaration.members.some(ts.isConstructorDeclaration)
  const construct = ownConstructor ? type.getConstructSignatures().map(s => `new${checker.signatureToString(s, undefined, FORMAT).replace(/ => .*$/, '')}`) : []
  const base = declaration != null && ts.isClassDeclaration(declaration)
    ? declaration.heritageClauses?.find(h => h.token === ts.SyntaxKind.ExtendsKeyword)?.types[0]?.getText()
    : undefined
  return `${base != null ? `extends ${oneLine(base)} ` : ''}{ ${[...construct, ...statics.sort(), ...names.sort()].join('; ')} }`
}

function isPrivate (p: ts.Symbol): boolean {
  const modifiers = ts.getCombinedModifierFlags(p.valueDeclaration ?? p.declarations?.[0] ?? ({} as ts.Declaration))
  return (modifiers & (ts.ModifierFlags.Private | ts.ModifierFlags.Protected)) !== 0 || p.getName().startsWith('#')
}

function oneLine (text: string): string {
  return text.replace(/\s+/g, ' ').trim()
}

/** The report as Markdown */
export function renderApiReport (entries: ApiEntry[], unexported: string[] = []): string {
  const lines = [
    '# Quarry public API report',
    '',
    'Generated by `npm run api:report` (scripts/api-report.ts) from the package `exports`; do not edit by hand.',
    '`npm test` fails when this file and the code differ (test/api-report.test.ts). Every name a user can import is',
    `here; each entry names at most ${MAX_ENTRY_NAMES}. Folders' own \`index.ts\` files are internal doors between`,
    'folders and are not exported.',
    '',
    '| entry | source | names |',
    '|---|---|---|',
    ...entries.map(e => `| \`${e.subpath}\` | \`${e.source}\` | ${e.names.length} |`)
  ]
  for (const entry of entries) {
    lines.push('', `## \`${entry.subpath}\``, '')
    for (const n of entry.names) lines.push(`- ${n.kind} \`${n.name}\`${n.shape !== '' ? `: \`${n.shape.replace(/`/g, "'")}\`` : ''}`)
  }
  lines.push('', '## Referenced but not exported', '',
    'Quarry types that public declarations mention but no entry exports: users get values of these types but',
    'cannot name them (api-extractor calls them "forgotten exports"). Export one from an entry, or keep it out',
    'of public signatures.', '')
  for (const u of unexported) lines.push(`- \`${u.replace(/ \(.*/, '')}\` ${u.replace(/^[^ ]+ /, '')}`)
  return lines.join('\n') + '\n'
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const root = join(import.meta.dirname, '..')
  const report = readApiReport(root)
  const text = renderApiReport(report.entries, report.unexported)
  const file = join(root, API_REPORT_FILE)
  if (process.argv.includes('--check')) {
    const current = readFileSync(file, 'utf8')
    if (current !== text) {
      console.error(`${relative(process.cwd(), file)} is out of date: run npm run api:report and commit it`)
      process.exitCode = 1
    }
  } else {
    writeFileSync(file, text)
    console.error(`api-report: wrote ${relative(process.cwd(), file)}`)
  }
}
