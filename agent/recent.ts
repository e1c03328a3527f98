/**
 * A small memo of the most recently used values: what the answerers compute
 * per chunk (its terms, its sentences) is the same for every question, and a
 * conversation or a server retrieves the same chunks again, but an index can
 * hold far more chunks than are worth keeping.
 *
 * @packageDocumentation
 */

/**
 * The value `cache` holds for `key`, or `compute()`'s, remembered; the least
 * recently used entry is dropped past `limit` (a `Map` keeps insertion order,
 * so a hit is moved to the end)
 */
export function recent<K, V> (cache: Map<K, V>, key: K, limit: number, compute: () => V): V {
  const cached = cache.get(key)
  if (cached !== undefined) {
    cache.delete(key)
    cache.set(key, cached)
    return cached
  }
  const value = compute()
  cache.set(key, value)
  if (cache.size > limit) cache.delete(cache.keys().next().value as K)
  return value
}
