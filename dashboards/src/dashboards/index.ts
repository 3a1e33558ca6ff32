import { cloneDashboard } from './clone';
import type { DashboardJson } from './common';
import { driftDashboard } from './drift';
import { gcDashboard } from './gc';
import { lockDashboard } from './lock';
import { overviewDashboard } from './overview';

/** Every dashboard, by output file name (without `.json`). */
export const dashboards: Record<string, () => DashboardJson> = {
  overview: overviewDashboard,
  'gc-pressure': gcDashboard,
  'lock-contention': lockDashboard,
  'clone-cost': cloneDashboard,
  'feature-drift': driftDashboard,
};
