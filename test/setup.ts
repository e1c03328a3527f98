import '../corpora/index.js'
