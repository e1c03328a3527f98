/**
 * Shorten a prompt so it fits a model's context window: when `user` is over
 * `budget` tokens (counted by `count`, together with `fixedTokens` for the
 * rest of the prompt), its head is cut and its last `keepTail` characters
 * (the question and the instructions, which close Quarry's prompts) are kept:
 * `head… \n…\n tail`. The head keeps the first, best-ranked passages. A model
 * that is given more than its context shifts its window over and over, which
 * costs far more than the cut text is worth.
 */
export function fitPrompt (user: string, options: { budget: number, fixedTokens?: number, count: (text: string) => number, keepTail?: number }): string {
  const budget = options.budget - (options.fixedTokens ?? 0)
  if (options.count(user) <= budget) return user
  const tailLength = Math.min(user.length, options.keepTail ?? 400)
  const tail = user.slice(user.length - tailLength)
  const head = user.slice(0, user.length - tailLength)
  const join = (n: number): string => `${head.slice(0, n)}\n…\n${tail}`
  let lo = 0
  let hi = head.length
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2)
    if (options.count(join(mid)) <= budget) lo = mid
    else hi = mid - 1
  }
  return join(lo)
}
