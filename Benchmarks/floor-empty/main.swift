// The floor for process start: an empty Swift executable (runtime, Foundation-free).
