// AMQP topic matching (`*` = exactly one word, `#` = zero or more), for the in-process bus.

const WORD = /^[^.*#]*$/;

/** Throws on a pattern RabbitMQ would treat differently from what its author meant. */
export function assertTopicPattern(pattern: string): void {
  for (const word of pattern.split('.')) {
    if (word !== '*' && word !== '#' && !WORD.test(word)) {
      throw new RangeError(`topic pattern "${pattern}": '*' and '#' must be whole words`);
    }
  }
}

export function topicMatches(pattern: string, routingKey: string): boolean {
  return matchWords(pattern.split('.'), 0, routingKey.split('.'), 0);
}

function matchWords(pattern: string[], p: number, key: string[], k: number): boolean {
  if (p === pattern.length) return k === key.length;
  const word = pattern[p];
  if (word === '#') {
    // '#' may swallow any number of words, none included.
    for (let skip = k; skip <= key.length; skip++) {
      if (matchWords(pattern, p + 1, key, skip)) return true;
    }
    return false;
  }
  if (k === key.length) return false;
  return (word === '*' || word === key[k]) && matchWords(pattern, p + 1, key, k + 1);
}
