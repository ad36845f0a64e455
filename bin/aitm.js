#!/usr/bin/env node
import { run } from '../dist/bundle/aitm-cli.js';

run();
