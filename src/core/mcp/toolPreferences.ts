// Per-server and per-tool enabled flags, per-tool approval modes and pins. Core keeps them in
// Sets for O(1) checks; the host persists them (globalState/workspaceState) through PreferenceStore.

export type ApprovalMode = 'ask' | 'auto';

export interface ToolPreferenceState {
  disabledServers: string[];
  /** Qualified names (`server/tool`). */
  disabledTools: string[];
  /** Qualified names of tools that run without asking; every other tool asks. */
  autoApprove: string[];
  /** Qualified names of tools every agent run offers, however many tools are enabled (absent in older state). */
  pinned?: string[];
}

export interface PreferenceStore {
  load(): ToolPreferenceState | undefined;
  save(state: ToolPreferenceState): void | Promise<void>;
}

export class ToolPreferences {
  private readonly disabledServers: Set<string>;
  private readonly disabledTools: Set<string>;
  private readonly autoApprove: Set<string>;
  private readonly pinned: Set<string>;

  constructor(
    private readonly store: PreferenceStore | undefined,
    private readonly onChange: () => void,
  ) {
    const state = store?.load();
    this.disabledServers = new Set(state?.disabledServers ?? []);
    this.disabledTools = new Set(state?.disabledTools ?? []);
    this.autoApprove = new Set(state?.autoApprove ?? []);
    this.pinned = new Set(state?.pinned ?? []);
  }

  get disabledToolCount(): number {
    return this.disabledTools.size;
  }

  isServerEnabled(server: string): boolean {
    return !this.disabledServers.has(server);
  }

  isToolEnabled(qualifiedName: string): boolean {
    return !this.disabledTools.has(qualifiedName);
  }

  approvalMode(qualifiedName: string): ApprovalMode {
    return this.autoApprove.has(qualifiedName) ? 'auto' : 'ask';
  }

  isPinned(qualifiedName: string): boolean {
    return this.pinned.has(qualifiedName);
  }

  setPinned(qualifiedName: string, pinned: boolean): void {
    this.toggle(this.pinned, qualifiedName, pinned);
  }

  setServerEnabled(server: string, enabled: boolean): void {
    this.toggle(this.disabledServers, server, !enabled);
  }

  setToolEnabled(qualifiedName: string, enabled: boolean): void {
    this.toggle(this.disabledTools, qualifiedName, !enabled);
  }

  setApprovalMode(qualifiedName: string, mode: ApprovalMode): void {
    this.toggle(this.autoApprove, qualifiedName, mode === 'auto');
  }

  snapshot(): ToolPreferenceState {
    return { disabledServers: [...this.disabledServers], disabledTools: [...this.disabledTools], autoApprove: [...this.autoApprove], pinned: [...this.pinned] };
  }

  private toggle(set: Set<string>, key: string, present: boolean): void {
    if (set.has(key) === present) return;
    if (present) set.add(key);
    else set.delete(key);
    this.onChange();
    void this.store?.save(this.snapshot());
  }
}
