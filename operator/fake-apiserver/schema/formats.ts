// String formats the API server checks in CRD schemas; formats it does not know are ignored, as there.

const dateTime =
  /^(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$/;
const date = /^(\d{4})-(\d{2})-(\d{2})$/;
const uuid = /^([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|[0-9a-f]{32})$/i;
const duration = /^([-+]?(\d+(\.\d+)?(ns|us|µs|ms|s|m|h))+|0)$/;
const byte = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

function validCalendarDate(y: string, m: string, d: string): boolean {
  const when = new Date(Date.UTC(Number(y), Number(m) - 1, Number(d)));
  return (
    when.getUTCFullYear() === Number(y) &&
    when.getUTCMonth() === Number(m) - 1 &&
    when.getUTCDate() === Number(d)
  );
}

const checks: Record<string, (value: string) => boolean> = {
  'date-time': (v) => {
    const m = dateTime.exec(v);
    return (
      m !== null &&
      validCalendarDate(m[1] ?? '', m[2] ?? '', m[3] ?? '') &&
      Number(m[4]) < 24 &&
      Number(m[5]) < 60 &&
      Number(m[6]) < 61
    );
  },
  date: (v) => {
    const m = date.exec(v);
    return m !== null && validCalendarDate(m[1] ?? '', m[2] ?? '', m[3] ?? '');
  },
  uuid: (v) => uuid.test(v),
  uuid4: (v) => uuid.test(v) && v[14] === '4',
  duration: (v) => duration.test(v),
  byte: (v) => byte.test(v),
  int32: () => true,
  int64: () => true,
};
checks.datetime = checks['date-time'] as (value: string) => boolean;

/** True when the value satisfies the format, or when the format is one the fake does not check. */
export function satisfiesFormat(format: string, value: string): boolean {
  const check = checks[format];
  return check ? check(value) : true;
}

export function isCheckedFormat(format: string): boolean {
  return format in checks;
}
