import fs from 'node:fs';
import path from 'node:path';
import { generatedArtifacts } from './artifacts.js';

for (const [file, content] of generatedArtifacts()) {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, content);
  console.log(`wrote ${file}`);
}
