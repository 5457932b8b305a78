// Queue names are an interface with operators and dashboards; they must stay as documented.
import { describe, expect, it } from 'vitest';
import { deadLetterExchangeName, parkingQueueName, queueName, retryQueueName } from './names.ts';

describe('bus names', () => {
  it('builds the documented names', () => {
    const queue = queueName('booking', 'payment-events');
    expect(queue).toBe('booking.payment-events');
    expect(parkingQueueName(queue)).toBe('booking.payment-events.dlq');
    expect(retryQueueName(queue, 4_000)).toBe('booking.payment-events.retry.4000ms');
    expect(deadLetterExchangeName('marquee.events')).toBe('marquee.events.dlx');
  });

  it.each([
    ['Booking', 'x'],
    ['booking', 'a.b'],
    ['', 'x'],
    ['booking', 'seat#'],
  ])('rejects %s / %s', (service, consumer) => {
    expect(() => queueName(service, consumer)).toThrow(RangeError);
  });
});
