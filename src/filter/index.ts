// Loads the display-filter compiler.
export {};
