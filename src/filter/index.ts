// Loads the display-filter compiler and the -T fields printer.
import { setFilterCompiler } from './api.js';
import { compile } from './compile.js';
import '../output/fields.js';

setFilterCompiler(compile);
