/* The API docs: Swagger UI from the installed swagger-ui-bundle package, no CDN, no inline script. */
window.ui = SwaggerUIBundle({ url: "/openapi.json", dom_id: "#swagger-ui", deepLinking: true });
