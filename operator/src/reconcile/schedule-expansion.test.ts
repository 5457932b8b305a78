// A schedule's plan: which children, named how, starting when (daylight saving included).
import { describe, expect, it } from 'vitest';
import { schedule } from './fixtures.test-support.ts';
import { childMetadata, expandSchedule, MAX_PLANNED } from './schedule-expansion.ts';

const beforeIt = new Date('2030-02-01T00:00:00Z');

describe('expandSchedule', () => {
  it('plans every chosen day and time in the range, inclusive, earliest first', () => {
    const { planned, problems } = expandSchedule(
      schedule({ from: '2030-03-04', until: '2030-03-10', daysOfWeek: ['Tue', 'Sat'] }),
      beforeIt,
    );
    expect(problems).toEqual([]);
    expect(planned.map((p) => p.name)).toEqual([
      'comets-march-20300305-1830',
      'comets-march-20300305-2115',
      'comets-march-20300309-1830',
      'comets-march-20300309-2115',
    ]);
    expect(planned[0]?.spec).toMatchObject({
      startsAt: '2030-03-05T18:30:00Z',
      deletionPolicy: 'Block',
      movieId: schedule().spec.movieId,
    });
  });

  it('keeps local times across the spring change: 18:30 is 18:30Z before and 17:30Z after', () => {
    const { planned } = expandSchedule(
      schedule({ from: '2030-03-30', until: '2030-03-31', timesOfDay: ['18:30'] }),
      beforeIt,
    );
    expect(planned.map((p) => [p.name, p.spec.startsAt])).toEqual([
      ['comets-march-20300330-1830', '2030-03-30T18:30:00Z'],
      ['comets-march-20300331-1830', '2030-03-31T17:30:00Z'],
    ]);
  });

  it('leaves out showtimes that have already begun', () => {
    const now = new Date('2030-03-05T19:00:00Z');
    const { planned } = expandSchedule(schedule({ from: '2030-03-05', until: '2030-03-06' }), now);
    expect(planned.map((p) => p.spec.startsAt)).toEqual([
      '2030-03-05T21:15:00Z',
      '2030-03-06T18:30:00Z',
      '2030-03-06T21:15:00Z',
    ]);
  });

  it('opens sales the given number of days before, and copies the deletion policy', () => {
    const { planned } = expandSchedule(
      schedule({
        from: '2030-03-05',
        until: '2030-03-05',
        salesOpenDaysBefore: 14,
        deletionPolicy: 'Cancel',
      }),
      beforeIt,
    );
    expect(planned[0]?.spec.salesWindow).toEqual({ opensAt: '2030-02-19T18:30:00Z' });
    expect(planned[0]?.spec.deletionPolicy).toBe('Cancel');
  });

  it('reports an unknown zone, a bad time and too long a plan instead of guessing', () => {
    expect(
      expandSchedule(schedule({ timeZone: 'Nowhere/Else' }), beforeIt).problems[0]?.reason,
    ).toBe('InvalidSpec');
    const bad = expandSchedule(
      schedule({ from: '2030-03-05', until: '2030-03-05', timesOfDay: ['25:00', '18:30'] }),
      beforeIt,
    );
    expect(bad.planned).toHaveLength(1);
    expect(bad.problems[0]?.message).toContain('25:00');
    const long = expandSchedule(
      schedule({
        from: '2030-03-01',
        until: '2031-12-31',
        timesOfDay: ['10:00', '13:00', '16:00', '19:00', '22:00'],
      }),
      beforeIt,
    );
    expect(long.planned).toHaveLength(MAX_PLANNED);
    expect(long.problems).toHaveLength(1);
  });

  it('gives children the owner reference and label of their schedule', () => {
    const owner = schedule();
    expect(childMetadata(owner)).toEqual({
      labels: { 'cinema.marquee.dev/schedule': 'comets-march' },
      ownerReferences: [
        {
          apiVersion: 'cinema.marquee.dev/v1alpha1',
          kind: 'ShowtimeSchedule',
          name: 'comets-march',
          uid: owner.metadata.uid,
          controller: true,
          blockOwnerDeletion: true,
        },
      ],
    });
  });
});
