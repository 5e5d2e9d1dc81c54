export { createMemoryBackend, MEMORY_BACKEND_KEY } from './memory-backend.js';
export { memoryBackend } from './memory-plugin.js';
