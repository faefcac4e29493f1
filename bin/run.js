#!/usr/bin/env node
// Runs the compiled CLI in dist/ (built by `npm install` through `prepare`); never ts-node.
import {execute} from '@oclif/core'

await execute({dir: import.meta.url})
