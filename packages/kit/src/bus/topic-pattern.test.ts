// Topic matching must agree with RabbitMQ's, or the in-process bus would route differently.
import { describe, expect, it } from 'vitest';
import { assertTopicPattern, topicMatches } from './topic-pattern.ts';

describe('topicMatches', () => {
  it.each([
    ['seat.held.v1', 'seat.held.v1', true],
    ['seat.held.v1', 'seat.held.v2', false],
    ['seat.*.v1', 'seat.held.v1', true],
    ['seat.*.v1', 'seat.held.extra.v1', false],
    ['seat.*', 'seat', false],
    ['*', 'seat', true],
    ['*', 'seat.held', false],
    ['#', 'seat.held.v1', true],
    ['#', '', true],
    ['seat.#', 'seat', true],
    ['seat.#', 'seat.held.v1', true],
    ['seat.#', 'seats.held', false],
    ['#.v1', 'booking.confirmed.v1', true],
    ['#.v1', 'booking.confirmed.v2', false],
    ['booking.#.v1', 'booking.v1', true],
    ['booking.#.v1', 'booking.a.b.c.v1', true],
    ['*.#.v1', 'v1', false],
    ['#.#', 'a.b', true],
    ['*.held.*', 'seat.held.v1', true],
    ['*.held.*', 'seat.released.v1', false],
  ])('%s vs %s -> %s', (pattern, key, expected) => {
    expect(topicMatches(pattern, key)).toBe(expected);
  });
});

describe('assertTopicPattern', () => {
  it('accepts whole-word wildcards', () => {
    expect(() => assertTopicPattern('seat.*.#')).not.toThrow();
  });

  it.each(['seat.he*', 'seat.#held', 'se#at'])(
    'rejects a wildcard inside a word: %s',
    (pattern) => {
      expect(() => assertTopicPattern(pattern)).toThrow(RangeError);
    },
  );
});
