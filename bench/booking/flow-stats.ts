// What one phase of the booking benchmark saw: latency of the whole flow and of each step, and the
// answers of each step by status, so errors are counted where they happened.
import { Latencies } from '../lib/load.ts';

export const STEPS = ['hold', 'book', 'pay'] as const;
export type Step = (typeof STEPS)[number];

/** The answer that lets a flow go on (pay: 200 with the booking confirmed). */
export const SUCCESS: Record<Step, number> = { hold: 201, book: 201, pay: 200 };

export class FlowStats {
  /** Every attempt, confirmed or not, from its start (closed) or its scheduled start (open). */
  readonly flow = new Latencies();
  readonly steps: Record<Step, Latencies> = {
    hold: new Latencies(),
    book: new Latencies(),
    pay: new Latencies(),
  };
  readonly answers: Record<Step, Map<number, number>> = {
    hold: new Map(),
    book: new Map(),
    pay: new Map(),
  };
  attempts = 0;
  confirmed = 0;
  /** Answered 200 but not `confirmed` (should not happen: 202 is the pending answer). */
  notConfirmed = 0;

  answer(step: Step, status: number, ms: number): void {
    this.steps[step].add(ms);
    this.answers[step].set(status, (this.answers[step].get(status) ?? 0) + 1);
  }

  /** Answers other than success, e.g. `hold 409x3, pay 202x1`; status 0 = no answer (socket error). */
  errors(): string {
    const parts = STEPS.flatMap((step) =>
      [...this.answers[step]]
        .filter(([status]) => status !== SUCCESS[step])
        .sort(([a], [b]) => a - b)
        .map(([status, n]) => `${step} ${status}x${n}`),
    );
    if (this.notConfirmed > 0) parts.push(`pay 200-not-confirmed x${this.notConfirmed}`);
    return parts.length === 0 ? 'none' : parts.join(', ');
  }

  lines(flowLatencies: Latencies = this.flow): string[] {
    return [
      `  flow (hold+book+pay, every attempt): ${flowLatencies.summary()}`,
      ...STEPS.map(
        (step) =>
          `  ${step.padEnd(4)} ${this.steps[step].summary()}  (${this.steps[step].count} answers)`,
      ),
      `  errors by status: ${this.errors()}`,
    ];
  }
}
