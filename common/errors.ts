/** Another process holds a lock file (the home's registries, the embedding cache) and did not release it in time */
export class HomeLockedError extends Error {
  static override name = 'HomeLockedError'
  override name = 'HomeLockedError'
  code = 'ERR_HOME_LOCKED'
}
