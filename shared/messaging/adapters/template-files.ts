import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { TemplateSource } from '../core/ports.js';
import type { TemplateFolder } from '../core/templates/render.js';

// The workflow schema's template names: nothing that could climb out of the templates folder.
const templateName = /^[a-z0-9]+(-[a-z0-9]+)*$/;

/**
 * Template folders on disk (`workflows/templates/<name>/<locale>.mjml`, ...). With `cache` (the default, as on
 * Lambda) each folder is read once; without it every send reads the files again, so edits show at once locally.
 */
export class TemplateFiles implements TemplateSource {
  private readonly folders = new Map<string, Promise<TemplateFolder | null>>();

  constructor(
    private readonly dir: string,
    private readonly options: { readonly cache?: boolean } = {},
  ) {}

  folder(name: string): Promise<TemplateFolder | null> {
    if (this.options.cache === false) return this.read(name);
    let folder = this.folders.get(name);
    if (!folder) {
      folder = this.read(name);
      this.folders.set(name, folder);
      // A failed read (not a missing folder) is not remembered: the next send tries again.
      folder.catch(() => this.folders.delete(name));
    }
    return folder;
  }

  private async read(name: string): Promise<TemplateFolder | null> {
    if (!templateName.test(name)) return null;
    const path = join(this.dir, name);
    let entries: { name: string; isFile(): boolean }[];
    try {
      entries = await readdir(path, { withFileTypes: true });
    } catch (error) {
      if (error instanceof Error && 'code' in error && error.code === 'ENOENT') return null;
      throw error;
    }
    const names = entries.filter((e) => e.isFile() && !e.name.startsWith('.')).map((e) => e.name);
    const texts = await Promise.all(names.map((file) => readFile(join(path, file), 'utf8')));
    return { name, files: new Map(names.map((file, i) => [file, texts[i] ?? ''])) };
  }
}
