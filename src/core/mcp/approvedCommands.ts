// Command lines the user allowed to run for a workspace, kept as hashes in one small file that
// every window of the workspace shares. It is read again on each check, never cached: another
// window may have added to it since (a Memento is read once per window and would ask again).

/** The file the hashes live in; `read` gives undefined when it does not exist yet. */
export interface TextFile {
  read(): Promise<string | undefined>;
  write(text: string): Promise<void>;
}

export class ApprovedCommands {
  constructor(private readonly file: TextFile) {}

  async has(key: string): Promise<boolean> {
    return (await this.read()).includes(key);
  }

  /** Adds `key` to what is in the file now, so approvals from other windows are kept. */
  async add(key: string): Promise<void> {
    const now = await this.read();
    if (!now.includes(key)) await this.file.write(`${JSON.stringify([...now, key], null, 1)}\n`);
  }

  private async read(): Promise<string[]> {
    const text = await this.file.read();
    if (text === undefined) return [];
    try {
      const value: unknown = JSON.parse(text);
      return Array.isArray(value) ? value.filter((k): k is string => typeof k === 'string') : [];
    } catch {
      return []; // unreadable: asking again is the safe answer
    }
  }
}
