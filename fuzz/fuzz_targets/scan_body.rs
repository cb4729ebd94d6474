#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| lanyard::web::fuzzing::scan_body(data));
