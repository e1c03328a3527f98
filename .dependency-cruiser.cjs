/**
 * Quarry's dependency rule (`npm run check:deps`, also run by `npm test`).
 *
 * Layers, each importing only those to its left:
 *   common ← corpora ← indexes ← session ← tools ← agent ← eval / langchain ← mcp ← cli
 * and every import from another folder goes through that folder's front door
 * (`<folder>/index.ts`, the internal door); what a front door does not name is
 * private. `public/` holds the package's entry points (what users import):
 * it may import every layer but cli, nothing in the library imports it, and
 * examples/ import only it and the root index.ts, as a user would.
 */
const LAYERS = ['common', 'corpora', 'indexes', 'session', 'tools', 'agent', 'eval', 'langchain', 'mcp', 'cli', 'public']
/** What each layer may import besides itself */
const ALLOWED = {
  common: [],
  corpora: ['common'],
  indexes: ['common', 'corpora'],
  session: ['common', 'corpora', 'indexes'],
  tools: ['common', 'corpora', 'indexes', 'session'],
  agent: ['common', 'corpora', 'indexes', 'session', 'tools'],
  eval: ['common', 'corpora', 'indexes', 'session', 'tools', 'agent'],
  langchain: ['common', 'corpora', 'indexes', 'session', 'tools', 'agent'],
  mcp: ['common', 'corpora', 'indexes', 'session', 'tools', 'agent'],
  cli: ['common', 'corpora', 'indexes', 'session', 'tools', 'agent', 'eval', 'langchain', 'mcp'],
  public: ['common', 'corpora', 'indexes', 'session', 'tools', 'agent', 'eval', 'langchain', 'mcp']
}

const upward = LAYERS.map(layer => {
  const forbidden = LAYERS.filter(l => l !== layer && !ALLOWED[layer].includes(l))
  return {
    name: `no-upward-from-${layer}`,
    comment: `${layer}/ may import only ${ALLOWED[layer].join(', ') || 'nothing else in Quarry'}`,
    severity: 'error',
    from: { path: `^${layer}/` },
    to: { path: `^(${forbidden.join('|')})/` }
  }
})

module.exports = {
  forbidden: [
    ...upward,
    {
      name: 'no-deep-import',
      comment: 'import another folder only through its front door (<folder>/index.ts)',
      severity: 'error',
      from: { path: '^([^/]+)/' },
      to: { path: `^(${LAYERS.join('|')})/`, pathNot: ['^$1/', `^(${LAYERS.join('|')})/index\\.ts$`, '^public/[^/]+\\.ts$'] }
    },
    {
      name: 'no-deep-import-from-root',
      comment: 'the package entry point imports the layers through their front doors',
      severity: 'error',
      from: { path: '^index\\.ts$' },
      to: { path: `^(${LAYERS.join('|')})/`, pathNot: `^(${LAYERS.join('|')})/index\\.ts$` }
    },
    {
      name: 'examples-use-the-public-api',
      comment: 'examples import Quarry as a user does: the package entries (public/, the root index.ts) only',
      severity: 'error',
      from: { path: '^examples/' },
      to: { path: `^(${LAYERS.filter(l => l !== 'public').join('|')})/` }
    },
    {
      name: 'no-test-code-in-library',
      comment: 'library code never imports tests, test helpers, benchmarks or examples',
      severity: 'error',
      from: { path: `^(${LAYERS.join('|')})/`, pathNot: ['\\.test\\.ts$', '/test-fixtures/'] },
      to: { path: ['^(test|bench|examples)/', '\\.test\\.ts$', '/test-fixtures/'] }
    }
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^(node_modules|dist)/' },
    tsPreCompilationDeps: true,
    // no tsConfig: the project uses no path aliases, and with one, bare names such as 'langchain' resolve to
    // local folders first (dependency-cruiser maps NodeNext '.js' specifiers to the '.ts' sources itself)
    enhancedResolveOptions: { extensions: ['.ts', '.js', '.mjs', '.cjs', '.json'], conditionNames: ['import', 'types', 'node', 'default'] }
  }
}
