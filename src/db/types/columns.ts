import type { ColumnType } from 'kysely';

/** Timestamps are written as Date or ISO string and always read as Date. */
export type Ts = ColumnType<Date, Date | string | undefined, Date | string>;
/** jsonb: written as a JSON string (JSON.stringify), read as parsed value. */
export type Json = ColumnType<unknown, string | null, string | null>;
/** Money in kopecks (bigint); also accepts a decimal string on write. */
export type Money = ColumnType<bigint, bigint | string, bigint | string>;
