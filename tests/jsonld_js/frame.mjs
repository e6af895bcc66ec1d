// Frames a JSON-LD document with a frame file through jsonld.js, offline, with no option but
// the document loader, and prints the result as JSON (tests/test_frame_standalone.py runs it).
// usage: node frame.mjs INPUT.jsonld FRAME.jsonld CONTEXT.jsonld CONTEXT_URL
// The loader serves CONTEXT.jsonld for CONTEXT_URL and refuses every other URL: nothing is fetched.
import {readFileSync} from 'node:fs';
import jsonld from 'jsonld';

const [inputPath, framePath, contextPath, contextUrl] = process.argv.slice(2);
const read = path => JSON.parse(readFileSync(path, 'utf8'));

const documentLoader = async url => {
  if(url === contextUrl) {
    return {contextUrl: null, documentUrl: url, document: read(contextPath)};
  }
  throw new Error(`refusing to fetch ${url}: only ${contextUrl} is served`);
};

try {
  const framed = await jsonld.frame(read(inputPath), read(framePath), {documentLoader});
  process.stdout.write(JSON.stringify(framed));
} catch(error) {
  // jsonld.js wraps errors (a refused URL among them): report the innermost cause
  let cause = error;
  while(cause.details?.cause || cause.cause) {
    cause = cause.details?.cause || cause.cause;
  }
  process.stderr.write(`jsonld.js: ${cause.message}\n`);
  process.exit(2);
}
