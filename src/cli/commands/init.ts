import fs from 'node:fs';
import path from 'node:path';
import { starterModel, type TemplateName } from '../../init/templates.js';
import { ExitCode } from '../exit-code.js';
import { note, type CliIo } from '../io.js';

export interface InitOptions {
  readonly template: TemplateName;
  readonly file: string;
}

/** `aitm init`: write a commented starter model; never overwrite an existing file. */
export function init(options: InitOptions, io: CliIo): ExitCode {
  try {
    fs.mkdirSync(path.dirname(options.file), { recursive: true });
    fs.writeFileSync(options.file, starterModel(options.template), { flag: 'wx' });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    io.stderr.write(`aitm: cannot write ${options.file}: ${code === 'EEXIST' ? 'it already exists (aitm init never overwrites a file)' : (code ?? 'error')}\n`);
    return ExitCode.invalid;
  }
  note(
    io,
    `wrote ${options.file} (the ${options.template} starter)\n` +
      `next: edit it to describe your system, then run \`aitm check ${options.file}\`\n`,
  );
  return ExitCode.ok;
}
