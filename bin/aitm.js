#!/usr/bin/env node
import { run } from '../dist/aitm-cli.js';

run();
