import assert from 'node:assert/strict'
import { test } from 'node:test'
import { windowEnd, windowStart } from '../../plugins/budget/windows.js'

const at = (iso: string) => Date.parse(iso)
const iso = (ms: number) => new Date(ms).toISOString()

test('a daily UTC window runs from midnight to midnight UTC', () => {
  const spec = { window: 'daily', timezone: 'UTC' } as const
  assert.equal(iso(windowStart(spec, at('2026-11-28T23:59:59.999Z'))), '2026-11-28T00:00:00.000Z')
  assert.equal(iso(windowStart(spec, at('2026-11-29T00:00:00.000Z'))), '2026-11-29T00:00:00.000Z')
  assert.equal(iso(windowEnd(spec, at('2026-11-28T10:00:00Z'))), '2026-11-29T00:00:00.000Z')
})

test('a daily America/New_York window starts at local midnight, not at the first request', () => {
  const spec = { window: 'daily', timezone: 'America/New_York' } as const
  // 03:00 UTC on the 28th is still the 27th in New York (UTC-5 in November).
  assert.equal(iso(windowStart(spec, at('2026-11-28T03:00:00Z'))), '2026-11-27T05:00:00.000Z')
  assert.equal(iso(windowStart(spec, at('2026-11-28T05:00:00Z'))), '2026-11-28T05:00:00.000Z')
})

test('the spring-forward day in New York lasts 23 hours and the fall-back day 25', () => {
  const spec = { window: 'daily', timezone: 'America/New_York' } as const
  const spring = windowStart(spec, at('2026-03-08T15:00:00Z'))
  assert.equal(iso(spring), '2026-03-08T05:00:00.000Z')
  assert.equal((windowEnd(spec, spring) - spring) / 3_600_000, 23)
  const fall = windowStart(spec, at('2026-11-01T15:00:00Z'))
  assert.equal(iso(fall), '2026-11-01T04:00:00.000Z')
  assert.equal((windowEnd(spec, fall) - fall) / 3_600_000, 25)
  // The repeated 01:00–02:00 hour belongs to the same day.
  assert.equal(windowStart(spec, at('2026-11-01T05:30:00Z')), fall)
  assert.equal(windowStart(spec, at('2026-11-01T06:30:00Z')), fall)
})

test('hourly windows follow local hours, including half-hour zones', () => {
  assert.equal(
    iso(windowStart({ window: 'hourly', timezone: 'UTC' }, at('2026-11-28T10:59:00Z'))),
    '2026-11-28T10:00:00.000Z',
  )
  assert.equal(
    iso(windowStart({ window: 'hourly', timezone: 'Asia/Kolkata' }, at('2026-11-28T10:10:00Z'))),
    '2026-11-28T09:30:00.000Z',
  )
})

test('weekly windows start on the configured weekday and monthly ones on the 1st, in local time', () => {
  // 2026-11-28 is a Saturday.
  assert.equal(
    iso(windowStart({ window: 'weekly', timezone: 'UTC' }, at('2026-11-28T12:00:00Z'))),
    '2026-11-23T00:00:00.000Z',
  )
  assert.equal(
    iso(windowStart({ window: 'weekly', timezone: 'UTC', weekStartsOn: 0 }, at('2026-11-28T12:00:00Z'))),
    '2026-11-22T00:00:00.000Z',
  )
  const nyMonth = { window: 'monthly', timezone: 'America/New_York' } as const
  assert.equal(iso(windowStart(nyMonth, at('2026-11-01T03:00:00Z'))), '2026-10-01T04:00:00.000Z')
  assert.equal(iso(windowEnd(nyMonth, at('2026-11-15T03:00:00Z'))), '2026-12-01T05:00:00.000Z')
})

test('a day whose midnight is skipped by DST starts at the jump', () => {
  // São Paulo, 2018-11-04: clocks went from 00:00 straight to 01:00.
  const spec = { window: 'daily', timezone: 'America/Sao_Paulo' } as const
  assert.equal(iso(windowStart(spec, at('2018-11-04T12:00:00Z'))), '2018-11-04T03:00:00.000Z')
})
