// Garmin's JavaScript FIT SDK (the reference decoder) decoding files in-process: the reference run
// for bench/fit_speed.sh. Usage: node bench/fitsdk_speed.mjs SDK_DIR FILE...
// Prints one JSON line: {"bytes":…, "messages":…, "seconds":…, "mb_per_s":…}. Reading the files
// happens before the clock starts; decoding uses the same options as ../shared/tools/fitref.
import fs from 'fs';
import path from 'path';
import { pathToFileURL } from 'url';

const [sdkDir, ...files] = process.argv.slice(2);
const { Decoder, Stream } = await import(pathToFileURL(path.join(sdkDir, 'src/index.js')).href);
const buffers = files.map(f => fs.readFileSync(f));
let bytes = 0, messages = 0;
const t0 = process.hrtime.bigint();
for (const b of buffers) {
  const decoder = new Decoder(Stream.fromBuffer(b));
  decoder.read({
    convertTypesToStrings: false, convertDateTimesToDates: false, includeUnknownData: false,
    mergeHeartRates: false, mesgListener: () => { messages++; },
  });
  bytes += b.length;
}
const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
console.log(JSON.stringify({ bytes, messages, seconds, mb_per_s: bytes / 1e6 / seconds }));
