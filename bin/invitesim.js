#!/usr/bin/env node
// The CLI runs compiled JS (workers need it); `npm run build` makes dist/.
require('../dist/cli/main.js');
