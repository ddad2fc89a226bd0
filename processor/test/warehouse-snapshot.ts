/** Reads every roll-up (and the raw count) in a stable shape, for exact comparisons in tests. */
import type { Fixture } from './harness.ts';

export async function warehouseSnapshot(f: Fixture) {
  return {
    raw: await f.rows<{ site: string; events: number }>(
      'SELECT site, toUInt32(count()) AS events FROM events GROUP BY site ORDER BY site',
    ),
    city: await f.rows(`
      SELECT site, toString(day) AS day, toUInt32(uniqCombinedMerge(14)(visitors)) AS visitors, toUInt32(sum(visits)) AS visits,
             toUInt32(sum(pageviews)) AS pageviews, toInt32(sum(bounces)) AS bounces,
             toUInt32(sum(visit_duration_ms)) AS duration_ms, toUInt32(sum(events)) AS events,
             toUInt32(sum(ratings)) AS ratings, toUInt32(sum(rating_sum)) AS rating_sum
      FROM city_daily_v2 GROUP BY site, day ORDER BY site, day`),
    hourly: await f.rows(`
      SELECT site, toString(hour) AS hour, toUInt32(uniqCombinedMerge(14)(visitors)) AS visitors, toUInt32(sum(visits)) AS visits,
             toUInt32(sum(pageviews)) AS pageviews, toUInt32(sum(events)) AS events
      FROM city_hourly_v2 GROUP BY site, hour ORDER BY site, hour`),
    services: await f.rows(`
      SELECT site, service, toUInt32(uniqCombinedMerge(14)(visitors)) AS visitors, toUInt32(uniqCombinedMerge(14)(visits)) AS visits,
             toUInt32(uniqCombinedMerge(14)(viewers)) AS viewers, toUInt32(uniqCombinedMerge(14)(starters)) AS starters,
             toUInt32(uniqCombinedMerge(14)(submitters)) AS submitters, toUInt32(uniqCombinedMerge(14)(confirmers)) AS confirmers,
             toUInt32(sum(views)) AS views, toUInt32(sum(pageviews)) AS pageviews, toUInt32(sum(starts)) AS starts,
             toUInt32(sum(errors)) AS errors, toUInt32(sum(submits)) AS submits, toUInt32(sum(confirms)) AS confirms,
             quantilesExactInclusiveMerge(0.25, 0.5, 0.75, 0.9)(submit_ms) AS submit_ms,
             quantilesExactInclusiveMerge(0.25, 0.5, 0.75, 0.9)(confirm_ms) AS confirm_ms,
             toUInt32(sum(ratings)) AS ratings, toUInt32(sum(rating_sum)) AS rating_sum
      FROM service_daily_v2 GROUP BY site, service ORDER BY site, service`),
    steps: await f.rows(`
      SELECT site, form, step, toUInt32(uniqCombinedMerge(14)(reached)) AS reached, toUInt32(sum(events)) AS events,
             max(steps) AS steps, anyLast(step_name) AS step_name
      FROM service_steps_daily_v2 GROUP BY site, form, step ORDER BY site, form, step`),
    errors: await f.rows(`
      SELECT site, form, step, field, toUInt32(sum(errors)) AS errors, toUInt32(uniqCombinedMerge(14)(visitors)) AS visitors
      FROM service_errors_daily_v2 GROUP BY site, form, step, field ORDER BY site, form, step, field`),
    channels: await f.rows(`
      SELECT site, channel, channel_host, toUInt32(sum(visits)) AS visits, toUInt32(uniqCombinedMerge(14)(visitors)) AS visitors,
             toUInt32(sum(pageviews)) AS pageviews, toInt32(sum(bounces)) AS bounces,
             toUInt32(sum(visit_duration_ms)) AS duration_ms
      FROM channel_daily_v2 GROUP BY site, channel, channel_host ORDER BY site, channel, channel_host`),
    pages: await f.rows(`
      SELECT site, path, service, toUInt32(sum(pageviews)) AS pageviews, toUInt32(uniqCombinedMerge(14)(visitors)) AS visitors,
             toUInt32(sum(entries)) AS entries
      FROM page_daily_v2 GROUP BY site, path, service ORDER BY site, path`),
    tech: await f.rows(`
      SELECT site, device, browser, os, toUInt32(sum(visits)) AS visits, toUInt32(uniqCombinedMerge(14)(visitors)) AS visitors,
             toUInt32(sum(pageviews)) AS pageviews
      FROM tech_daily_v2 GROUP BY site, device, browser, os ORDER BY site, device, browser, os`),
    ratings: await f.rows(`
      SELECT site, service, score, reason, toUInt32(sum(ratings)) AS ratings, toUInt32(uniqCombinedMerge(14)(visitors)) AS visitors
      FROM rating_daily_v2 GROUP BY site, service, score, reason ORDER BY site, service, score, reason`),
  };
}
