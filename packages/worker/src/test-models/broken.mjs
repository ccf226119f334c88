// A model module that fails when it is imported.
throw new Error('broken.mjs cannot load: its weights are missing');
