import { join } from 'node:path'
import ts from 'typescript'
import { describe, it, expect } from 'vitest'
import { ROOT } from './helpers/shared.js'

/** Type-check files with the project's compiler options; returns formatted diagnostics for those files */
function typeCheck (files: string[]): string[] {
  const config = ts.readConfigFile(join(ROOT, 'tsconfig.json'), ts.sys.readFile.bind(ts.sys))
  const { options } = ts.parseJsonConfigFileContent(config.config, ts.sys, ROOT)
  const program = ts.createProgram(files, { ...options, noEmit: true })
  return files.flatMap(file => {
    const source = program.getSourceFile(file)
    if (source == null) return [`${file}: not part of the program`]
    return ts.getPreEmitDiagnostics(program, source).map(d => {
      const where = d.file != null && d.start != null ? `${d.file.fileName}:${d.file.getLineAndCharacterOfPosition(d.start).line + 1}` : file
      return `${where}: ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`
    })
  })
}

describe('examples', () => {
  it('examples/langchain-tools.ts type-checks under the strict project settings', () => {
    expect(typeCheck([join(ROOT, 'examples/langchain-tools.ts')])).toEqual([])
  }, 120_000)

  it('examples/langchain-retriever.ts type-checks under the strict project settings', () => {
    expect(typeCheck([join(ROOT, 'examples/langchain-retriever.ts')])).toEqual([])
  }, 120_000)

  it('the type check catches errors (a deliberately broken use of the tools API)', () => {
    const broken = ts.createSourceFile('broken.ts', "import { searchTool } from './tools/search-tool.js'\nsearchTool('not a context')\n", ts.ScriptTarget.ES2022)
    const host = ts.createCompilerHost({ strict: true, module: ts.ModuleKind.NodeNext, moduleResolution: ts.ModuleResolutionKind.NodeNext, noEmit: true, skipLibCheck: true, types: ['node'] })
    const getSourceFile = host.getSourceFile.bind(host)
    host.getSourceFile = (name, lang, onError) => name.endsWith('broken.ts') ? broken : getSourceFile(name, lang, onError)
    const program = ts.createProgram([join(ROOT, 'broken.ts')], { strict: true, module: ts.ModuleKind.NodeNext, moduleResolution: ts.ModuleResolutionKind.NodeNext, noEmit: true, skipLibCheck: true, types: ['node'] }, host)
    const messages = ts.getPreEmitDiagnostics(program, program.getSourceFile(join(ROOT, 'broken.ts'))).map(d => ts.flattenDiagnosticMessageText(d.messageText, '\n'))
    expect(messages.join('\n')).toMatch(/not assignable to parameter of type 'ToolContext'/)
  }, 120_000)
})
