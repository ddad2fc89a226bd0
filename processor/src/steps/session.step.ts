import { hashEventId, type IdHash } from '../session/event-id-hash.ts';
import { SESSION_IDLE_MS, type SessionDraft } from '../session/partition-sessions.ts';
import { sessionId } from '../session/session-id.ts';
import { drop, type EventContext, OK, type StepResult } from './step.ts';

/** The one stateful step: it reads and changes the open visits of the block's draft. */
export interface SessionStep {
  readonly name: 'session';
  run(ctx: EventContext, draft: SessionDraft): StepResult;
}

/**
 * Visits: 30 minutes of inactivity on (site, salt day, visitor hash) end a visit, and so does the report day's
 * midnight. Times are receipt times. Per event it writes the deltas the roll-ups sum: visit start, entry page,
 * bounce (+1 on the first page view, -1 on the second) and the gap since the previous event. It also times forms:
 * a submit or confirmation gets the time since the visit's first start of that form.
 */
export function sessionStep(): SessionStep {
  // The hash of the event's id, reused from record to record.
  const id: IdHash = { hi: 0, lo: 0 };
  return {
    name: 'session',
    run(ctx: EventContext, draft: SessionDraft): StepResult {
      const { site, saltDay, visitor, receivedAt: t } = ctx.record;
      const e = ctx.record.event;
      const d = ctx.derived;
      hashEventId(e.id, id);
      let visit = draft.get(site, saltDay, visitor);
      if (visit && visit.day === d.day && t - visit.lastTs <= SESSION_IDLE_MS) {
        if (visit.hasEvent(id)) return drop('duplicate_event');
        d.sessionStart = false;
        d.durationDeltaMs = Math.max(0, t - visit.lastTs);
        visit.lastTs = Math.max(visit.lastTs, t);
      } else {
        visit ??= draft.add(site, saltDay, visitor);
        const host = ctx.record.referrerHost?.toLowerCase() ?? '';
        visit.begin(sessionId(site, visitor, saltDay, t), d.day, t, ctx.eventChannel, host);
        d.sessionStart = true;
        d.durationDeltaMs = 0;
      }
      visit.addEvent(id);
      if (e.type === 'form_start') visit.startForm(e.form, t);
      if (e.type === 'form_submit' || e.type === 'form_confirm') {
        // A confirmation page may not name its form; in a visit with one started form it can only be that one.
        const form = e.form ?? visit.onlyForm();
        const started = form === undefined ? undefined : visit.formStart(form);
        if (started !== undefined) d.formElapsedMs = Math.max(0, t - started);
      }
      if (e.type === 'pageview') {
        visit.pageviews += 1;
        d.entry = visit.pageviews === 1;
        d.bounceDelta = visit.pageviews === 1 ? 1 : visit.pageviews === 2 ? -1 : 0;
      }
      d.sessionId = visit.sessionId;
      d.channel = visit.channel;
      d.channelHost = visit.channel === 'direct' ? '' : visit.channelHost;
      draft.touched(visit);
      return OK;
    },
  };
}
