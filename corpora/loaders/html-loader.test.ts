import { describe, it, expect } from 'vitest'
import { htmlLoader } from './html-loader.js'

const enc = new TextEncoder()

const PAGE = `<!doctype html>
<html lang="en-GB">
<head><meta charset="utf-8"><title>  Storage &amp;
 Retrieval </title><style>p { color: red }</style><script>var tracking = 1</script></head>
<body>
<nav><a href="/">Home</a> | <a href="/docs">Docs</a></nav>
<h1>Storage <em>deals</em></h1>
<p>Clients pay <a href="https://example.com/sp">storage providers</a> <img src="fil.png" alt="logo"> to store data.</p>
<h2>Table</h2>
<table><tr><th>Term</th><th>Meaning</th></tr><tr><td>CID</td><td>content identifier</td></tr></table>
<ul><li>one</li><li>two</li></ul>
<script>alert('x')</script>
</body></html>`

describe('htmlLoader', () => {
  it('extracts text without scripts, styles, nav, URLs or images, headings on their own lines', async () => {
    const [doc] = await htmlLoader.load(enc.encode(PAGE), 'site/index.html')
    expect(doc?.text).toBe('Storage deals\n\nClients pay storage providers to store data.\n\nTable\n\nTerm\tMeaning\nCID\tcontent identifier\n\n * one\n * two')
    expect(doc?.title).toBe('Storage & Retrieval')
    expect(doc?.metadata).toEqual({ lang: 'en-GB' })
    expect(doc?.mediaType).toBe('text/html')
    expect(doc?.path).toBe('site/index.html')
  })

  it('is deterministic', async () => {
    const a = await htmlLoader.load(enc.encode(PAGE), 'a.html')
    const b = await htmlLoader.load(enc.encode(PAGE), 'a.html')
    expect(b).toEqual(a)
  })

  it('titles from the first <h1>, then the file name; no lang when absent', async () => {
    const [h1] = await htmlLoader.load(enc.encode('<body><p>x</p><h1>First <b>one</b></h1><h1>Second</h1></body>'), 'h.htm')
    expect(h1?.title).toBe('First one')
    expect(h1?.metadata).toEqual({})
    const [none] = await htmlLoader.load(enc.encode('<p>Only a paragraph</p>'), 'pages/plain.htm')
    expect(none?.title).toBe('plain')
  })

  it('honours <meta charset> and gives nothing for pages without text', async () => {
    const latin1 = new Uint8Array([...enc.encode('<meta charset="iso-8859-1"><p>caf'), 0xe9, ...enc.encode('</p>')])
    expect((await htmlLoader.load(latin1, 'l.html'))[0]?.text).toBe('café')
    expect(await htmlLoader.load(enc.encode('<html><head><title>T</title><script>x()</script></head><body> </body></html>'), 'e.html')).toEqual([])
  })
})
