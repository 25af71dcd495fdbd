import Holidays from 'date-holidays';
import type { OpeningHoursFile, Week } from './schema.js';

const DAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'] as const;
type Day = (typeof DAYS)[number];

interface LocalTime {
  readonly date: string; // YYYY-MM-DD
  readonly year: number;
  readonly day: Day;
  readonly minutes: number;
}

export interface OpenState {
  readonly open: boolean;
  /** Why it is closed: "outside opening hours" or the holiday's name. */
  readonly closedBecause: string | null;
  /** The next opening, as local time with offset ("2026-12-28T09:00+01:00"); null when open or none within two weeks. */
  readonly opensAt: string | null;
}

function spanOf(week: Week, day: Day): { from: number; to: number } | null {
  const text = week[day];
  if (!text) return null;
  const [from, to] = text.split('-').map((hm) => {
    const [h, m] = hm.split(':').map(Number) as [number, number];
    return h * 60 + m;
  }) as [number, number];
  return { from, to };
}

/**
 * Opening hours of the first lines in Europe/Copenhagen, with Danish public holidays from date-holidays.
 * Holiday lists are computed once per year and kept: the answer depends only on the file and the instant.
 */
export class OpeningHours {
  readonly timeZone: string;
  readonly #file: OpeningHoursFile;
  readonly #parts: Intl.DateTimeFormat;
  readonly #holidays = new Map<number, ReadonlyMap<string, string>>();
  readonly #offsets = new Map<number, number>();
  readonly #calendar: Holidays;

  constructor(file: OpeningHoursFile) {
    this.#file = file;
    this.timeZone = file.timeZone;
    this.#calendar = new Holidays(file.holidays.country);
    this.#parts = new Intl.DateTimeFormat('en-GB', {
      timeZone: file.timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      weekday: 'short',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    });
  }

  weekOf(firstLine: string): Week {
    return this.#file.firstLines[firstLine] ?? this.#file.default;
  }

  /** The holiday on a local date, or null. */
  holiday(date: string): string | null {
    const year = Number(date.slice(0, 4));
    let days = this.#holidays.get(year);
    if (!days) {
      const map = new Map<string, string>();
      for (const h of this.#calendar.getHolidays(year)) {
        if (h.type === 'public' || this.#file.holidays.alsoClosed.includes(h.name)) map.set(h.date.slice(0, 10), h.name);
      }
      for (const mmdd of this.#file.holidays.alsoClosedDates) if (!map.has(`${year}-${mmdd}`)) map.set(`${year}-${mmdd}`, mmdd === '12-31' ? 'Nytårsaftensdag' : mmdd);
      days = map;
      this.#holidays.set(year, days);
    }
    return days.get(date) ?? null;
  }

  /** Minutes east of UTC at an instant; Europe's time zones change offset only on the hour, so one look-up per hour. */
  #offsetMinutes(at: Date): number {
    const hour = Math.floor(at.getTime() / 3_600_000);
    let offset = this.#offsets.get(hour);
    if (offset === undefined) {
      const parts: Record<string, string> = {};
      for (const part of this.#parts.formatToParts(at)) parts[part.type] = part.value;
      const asUtc = Date.UTC(Number(parts.year), Number(parts.month) - 1, Number(parts.day), Number(parts.hour), Number(parts.minute));
      offset = Math.round((asUtc - Math.floor(at.getTime() / 60_000) * 60_000) / 60_000);
      if (this.#offsets.size > 10_000) this.#offsets.clear();
      this.#offsets.set(hour, offset);
    }
    return offset;
  }

  #local(at: Date): LocalTime {
    const shifted = new Date(at.getTime() + this.#offsetMinutes(at) * 60_000);
    const date = shifted.toISOString().slice(0, 10);
    return { date, year: shifted.getUTCFullYear(), day: DAYS[shifted.getUTCDay()]!, minutes: shifted.getUTCHours() * 60 + shifted.getUTCMinutes() };
  }

  state(firstLine: string, at: Date): OpenState {
    const week = this.weekOf(firstLine);
    const local = this.#local(at);
    const holiday = this.holiday(local.date);
    const span = spanOf(week, local.day);
    if (!holiday && span && local.minutes >= span.from && local.minutes < span.to) return { open: true, closedBecause: null, opensAt: null };
    return { open: false, closedBecause: holiday ?? 'outside opening hours', opensAt: this.#nextOpening(week, at, local, holiday === null ? span : null) };
  }

  #nextOpening(week: Week, at: Date, local: LocalTime, today: { from: number; to: number } | null): string | null {
    if (today && local.minutes < today.from) return this.#format(at, local.date, today.from);
    for (let ahead = 1; ahead <= 14; ahead++) {
      // Noon avoids the hour that daylight saving time skips or repeats.
      const probe = new Date(at.getTime() + ahead * 86_400_000);
      const day = this.#local(probe);
      const span = spanOf(week, day.day);
      if (span && this.holiday(day.date) === null) return this.#format(probe, day.date, span.from);
    }
    return null;
  }

  #format(at: Date, date: string, minutes: number): string {
    const offset = this.#offsetMinutes(at);
    const sign = offset < 0 ? '-' : '+';
    const abs = Math.abs(offset);
    const hh = String(Math.floor(minutes / 60)).padStart(2, '0');
    const mm = String(minutes % 60).padStart(2, '0');
    return `${date}T${hh}:${mm}${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
  }
}
