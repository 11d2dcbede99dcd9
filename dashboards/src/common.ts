/** Dashboard-level settings both dashboards share. */
import { DashboardBuilder, DashboardCursorSync, DashboardLinkBuilder, DashboardLinkType, type Dashboard } from '@grafana/grafana-foundation-sdk/dashboard';
import { runIdVariable } from './variables.ts';

/** Both dashboards carry these tags; the header link lists every dashboard with them. */
export const DASHBOARD_TAGS = ['smartconnect-sim', 'c5'];

/**
 * Points are stamped scenario start + simulated time, so a run sits wherever its scenario's `start`
 * is: pick the run's window in the time picker (README). The default shows the last week.
 */
export const DEFAULT_TIME = { from: 'now-7d', to: 'now' };

/**
 * Drops what the SDK fills in that an older Grafana would not expect (links `placement` hides the link in
 * Grafana 12's controls menu; we want it in the header).
 */
export function tidyDashboard(dashboard: Dashboard): Dashboard {
  for (const link of dashboard.links ?? []) delete (link as { placement?: unknown }).placement;
  return dashboard;
}

/** A header link to the other C5 dashboards, keeping the time range and the variables. */
export function dashboardLinks(): DashboardLinkBuilder[] {
  return [
    new DashboardLinkBuilder('C5 dashboards')
      .type(DashboardLinkType.Dashboards)
      .tags(['smartconnect-sim'])
      .asDropdown(false)
      .keepTime(true)
      .includeVars(true)
      .targetBlank(false),
  ];
}

/** The settings every C5 dashboard shares: tags, time range, crosshair, read-only, links (and the run variable). */
export function c5Dashboard(title: string, uid: string, description: string): DashboardBuilder {
  return c5Base(title, uid, description).withVariable(runIdVariable());
}

/** The shared settings without the run variable (the campaign dashboard picks a campaign instead). */
export function c5Base(title: string, uid: string, description: string): DashboardBuilder {
  return new DashboardBuilder(title)
    .uid(uid)
    .description(description)
    .tags(DASHBOARD_TAGS)
    .time(DEFAULT_TIME)
    .timezone('browser')
    .tooltip(DashboardCursorSync.Crosshair)
    .refresh('')
    .readonly()
    .links(dashboardLinks());
}
