// The dashboard's data source backed by the usage ledger: the panel asks for ranges and
// drill-downs, and its export buttons go to the save dialog.
import type { RangeChoice } from '../../../media/protocol';
import type { Event } from '../../core/lifecycle';
import type { UsageLedger } from '../../core/usage/ledger';
import type { ExportFormat } from '../../core/usage/protocol';
import { dashboardData, executionDrillDown } from './dashboardData';
import type { DashboardSource } from './dashboardPanel';
import { type TeamScopeSource, teamDashboardData } from './teamDashboardData';

export function ledgerDashboardSource(
  ledger: () => UsageLedger,
  onDidChange: Event<void>,
  saveExport: (range: RangeChoice, format: ExportFormat) => Promise<void>,
  team: TeamScopeSource,
): DashboardSource {
  return {
    onDidChange,
    team: (range) => teamDashboardData(team, range),
    load: (range, client) => dashboardData(ledger(), range, Date.now(), client),
    execution: (id) => executionDrillDown(ledger(), id),
    exportRange: saveExport,
  };
}
