//! Prints the api method table as JSON, `["name", ...]`, for
//! `scripts/package-wasm.mjs` to write `pkg/methods.js` (the JS entry needs
//! the names before the wasm loads; the shipped .wasm need not carry a
//! function only the build uses).
fn main() {
    let names: Vec<String> = appmixer_wasm::api::methods()
        .map(|m| ["\"", m.name, "\""].concat())
        .collect();
    println!("[{}]", names.join(","));
}
