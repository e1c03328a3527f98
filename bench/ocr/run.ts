/**
 * bench/ocr: character error rate (CER) of OCR on import against the exact
 * text of every page of ../shared/corpora/scanned-jfk (truth/), per page and
 * per difficulty level (light, medium, hard), and pages/s with a pool of
 * workers; `--ablation` reruns the pages with each preprocessing step
 * switched (denoise, flatten, deskew, despeckle off; binarize on) to show what each does.
 *
 *   nice -n 10 node --import tsx bench/ocr/run.ts [--pages hard|medium|light|all|<record>:<page>,…] [--workers N] [--ablation] [--json]
 *     [--psm N] [--scale F --dpi N] [--despeckle | --no-despeckle] [--speck-size F] [--binarize] [--corrections a,b]
 *     [--no-second-look | --second-look-below N --second-look-context N] [--param name=value …] [--dump DIR]
 *
 * The settings flags change one setting from the defaults (`--corrections ''`
 * for none); `--dump DIR` writes each page's text to DIR/<record>-p<page>.txt.
 *
 * CER = Levenshtein distance / truth length, both with every run of
 * whitespace collapsed to one space (as scanned-jfk/cer.py computes it).
 * The pipeline is the one `quarry corpus add` runs: the page's JPEG taken
 * from the PDF as it is, preprocessPage, pageToPng, tesseract.js.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { loadavg } from 'node:os'
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import { createOcrEngine, DEFAULT_PREPROCESS, DEFAULT_SECOND_LOOK, editDistance, pageToPng, pdfPageImages, preprocessPage, type PreprocessSteps, type TextCorrection } from '../../corpora/index.js'

const ROOT = join(import.meta.dirname, '../..')
const SET = join(process.env.QUARRY_SHARED ?? join(ROOT, '../shared'), 'corpora/scanned-jfk')
const { values } = parseArgs({
  allowNegative: true,
  options: {
    pages: { type: 'string', default: 'all' },
    workers: { type: 'string', default: '2' },
    psm: { type: 'string' },
    ablation: { type: 'boolean', default: false },
    json: { type: 'boolean', default: false },
    dump: { type: 'string' },
    scale: { type: 'string' },
    dpi: { type: 'string' },
    binarize: { type: 'boolean' },
    despeckle: { type: 'boolean' },
    'speck-size': { type: 'string' },
    corrections: { type: 'string' },
    'second-look': { type: 'boolean' },
    'second-look-below': { type: 'string' },
    'second-look-context': { type: 'string' },
    param: { type: 'string', multiple: true }
  }
})

interface PageSpec { record: string, page: number, level: string }
const specs: PageSpec[] = readFileSync(join(SET, 'pages.jsonl'), 'utf8').trim().split('\n').map(l => JSON.parse(l) as { record: string, pdf_page: number, level: string })
  .map(r => ({ record: r.record, page: r.pdf_page, level: r.level }))
const wanted = values.pages === 'all'
  ? specs
  : ['light', 'medium', 'hard'].includes(values.pages) ? specs.filter(s => s.level === values.pages) : values.pages.split(',').map(x => specs.find(s => `${s.record}:${s.page}` === x) ?? (() => { throw new Error(`no page ${x}`) })())

const norm = (s: string): string => s.replace(/\s+/g, ' ').trim()
function truth (record: string, page: number): string {
  return readFileSync(join(SET, 'truth', `${record}.txt`), 'utf8').replace(/\n+$/, '').split('\n\f\n')[page - 1] ?? ''
}

interface PageResult extends PageSpec { cer: number, edits: number, chars: number, confidence: number, skew: number, ms: number }

async function run (steps: PreprocessSteps, workers: number): Promise<{ results: PageResult[], wallMs: number, engine: string }> {
  const parameters = Object.fromEntries((values.param ?? []).map(p => [p.slice(0, p.indexOf('=')), p.slice(p.indexOf('=') + 1)]))
  const look = values['second-look'] === false ? false as const : { ...DEFAULT_SECOND_LOOK, ...(values['second-look-below'] != null ? { below: Number(values['second-look-below']) } : {}), ...(values['second-look-context'] != null ? { context: Number(values['second-look-context']) } : {}) }
  const engine = await createOcrEngine({ workers, parameters, secondLook: look, ...(values.corrections != null ? { corrections: values.corrections.split(',').filter(c => c !== '') as TextCorrection[] } : {}), ...(values.psm != null ? { psm: Number(values.psm) } : {}), ...(values.dpi != null ? { dpi: Number(values.dpi) } : {}) })
  const started = Date.now()
  const results: PageResult[] = []
  let next = 0
  await Promise.all(Array.from({ length: workers }, async () => {
    while (next < wanted.length) {
      const spec = wanted[next++]!
      const t0 = Date.now()
      const pdf = readFileSync(join(SET, 'docs', `${spec.record}.pdf`))
      const image = pdfPageImages(pdf).images.find(i => i.page === spec.page)
      if (image == null) throw new Error(`no page image for ${spec.record} p. ${spec.page}`)
      const pre = await preprocessPage(pdf.subarray(image.byteStart, image.byteEnd), steps)
      const r = await engine.recognize(await pageToPng(pre))
      const t = norm(truth(spec.record, spec.page))
      const edits = editDistance(t, norm(r.text))
      if (values.dump != null) {
        mkdirSync(values.dump, { recursive: true })
        writeFileSync(join(values.dump, `${spec.record}-p${spec.page}.txt`), r.text + '\n')
      }
      results.push({ ...spec, cer: edits / t.length, edits, chars: t.length, confidence: r.confidence, skew: pre.skewDegrees, ms: Date.now() - t0 })
    }
  }))
  const wallMs = Date.now() - started
  await engine.close()
  const order = (r: PageSpec): number => specs.findIndex(s => s.record === r.record && s.page === r.page)
  results.sort((a, b) => order(a) - order(b))
  const i = engine.info
  return { results, wallMs, engine: JSON.stringify({ psm: i.psm, dpi: i.dpi, corrections: i.corrections, parameters: i.parameters, secondLook: i.secondLook }) }
}

const pct = (x: number): string => `${(100 * x).toFixed(2)}%`
function summary (results: PageResult[]): Record<string, { pages: number, cer: number, maxCer: number }> {
  const out: Record<string, { pages: number, cer: number, maxCer: number }> = {}
  for (const level of ['light', 'medium', 'hard', 'all']) {
    const rs = results.filter(r => level === 'all' || r.level === level)
    if (rs.length === 0) continue
    out[level] = { pages: rs.length, cer: rs.reduce((s, r) => s + r.edits, 0) / rs.reduce((s, r) => s + r.chars, 0), maxCer: Math.max(...rs.map(r => r.cer)) }
  }
  return out
}

const workers = Number(values.workers)
const base: PreprocessSteps = { ...DEFAULT_PREPROCESS, ...(values.scale != null ? { scale: Number(values.scale) } : {}), ...(values.binarize != null ? { binarize: values.binarize } : {}), ...(values.despeckle != null ? { despeckle: values.despeckle } : {}), ...(values['speck-size'] != null ? { speckSize: Number(values['speck-size']) } : {}) }
const configs: Array<[string, PreprocessSteps]> = [['default', base]]
if (values.ablation) {
  configs.push(['no denoise', { ...base, denoise: false }], ['no flatten', { ...base, flatten: false }],
    ['no deskew', { ...base, deskew: false }], ['no despeckle', { ...base, despeckle: false }], ['+ binarize', { ...base, binarize: true }],
    ['none', { denoise: false, flatten: false, deskew: false, despeckle: false, binarize: false }])
}
const report: unknown[] = []
console.log(`bench/ocr: ${wanted.length} pages, ${workers} workers, psm ${values.psm ?? 'default'}, load average ${loadavg()[0]!.toFixed(1)} at start`)
for (const [name, steps] of configs) {
  const { results, wallMs, engine } = await run(steps, workers)
  const s = summary(results)
  report.push({ config: name, steps, wallMs, pagesPerSecond: results.length / (wallMs / 1000), summary: s, pages: results })
  if (values.json) continue
  console.log(`\n## ${name} ${JSON.stringify({ ...DEFAULT_PREPROCESS, ...steps })} engine ${engine}: ${results.length} pages in ${(wallMs / 1000).toFixed(1)} s = ${(results.length / (wallMs / 1000)).toFixed(2)} pages/s`)
  for (const [level, x] of Object.entries(s)) console.log(`  ${level.padEnd(6)} ${String(x.pages).padStart(3)} pages  CER ${pct(x.cer).padStart(7)}  worst page ${pct(x.maxCer)}`)
  if (name === 'default' || values.pages !== 'all') {
    for (const r of results) console.log(`    ${r.record} p. ${r.page} ${r.level.padEnd(6)} CER ${pct(r.cer).padStart(7)} (${r.edits}/${r.chars})  conf ${r.confidence}  skew ${r.skew}°  ${r.ms} ms`)
  }
}
console.log(`\nload average ${loadavg()[0]!.toFixed(1)} at end`)
if (values.json) console.log(JSON.stringify(report, null, 2))
