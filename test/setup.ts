import '../corpora/polyfills.js'
