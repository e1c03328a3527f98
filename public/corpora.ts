/**
 * `quarry/corpora`: corpora on IPFS: a local Helia node, import (folders,
 * CARs), fetch from peers or trustless gateways, CAR export, DAG
 * verification, piece CIDs, the corpus registry and the document loaders.
 *
 * @packageDocumentation
 */
export {
  createQuarryNode, createCorpusStore, addFolder, importCar, exportCar, fetchCorpus, verifyDag, serveGateway,
  loadDocuments, listCorpusFiles, readFile, parseCid, computePieceCid, createPinningServiceClient,
  InvalidCidError, SourceNotFoundError, InvalidCarError, FetchTimeoutError, CorpusNotFoundError, BlockNotFoundError,
  InvalidNetworkConfigError, InvalidCorpusNameError, FetchLimitError, CorruptBlockError, RemotePinError
} from '../corpora/index.js'
export type {
  QuarryNode, QuarryNodeOptions, NetworkOptions, CorpusStore, CorpusEntry, AddFolderOptions, AddResult, ImportCarOptions, FetchCorpusOptions,
  FetchResult, VerifyDagOptions, GatewayServer, ServeGatewayOptions, Document, DocumentLoader, LoadDocumentsOptions, CorpusFile, PieceInfo,
  PinningServiceClient, RemotePin
} from '../corpora/index.js'
